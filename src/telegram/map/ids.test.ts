// Ids from the wire are safe integers or refused in one line (issue 16: 2^63, 2^53 + 1 and the like
// became block ids such as ^m9223372036854776000). mtcute reads a TL int53 as low + high * 2^32.
import { describe, expect, it } from 'vitest'
import type { tl } from '@mtcute/core'
import { parseTarget, TargetError } from '../../export/targets.ts'
import { mapChat } from './chat.ts'
import { UnsafeIdError } from './ids.ts'
import { mapMessage } from './message.ts'
import { PeerIndex } from './peers.ts'
import { stubTl } from './test-stub.ts'

const UNSAFE = [2 ** 63, 2 ** 53 + 2, 1.5, 1e308, Number.NaN]

describe('ids from Telegram', () => {
  it.each(UNSAFE)('refuses user, chat and sender id %s in one line', (id) => {
    expect(() => PeerIndex.from([stubTl<tl.RawUser>('user', { id, firstName: 'X' })])).toThrow(UnsafeIdError)
    expect(() => PeerIndex.from([], [stubTl<tl.RawChannel>('channel', { id, title: 'X', broadcast: true })])).toThrow(UnsafeIdError)
    expect(() => mapChat(stubTl<tl.RawChat>('chat', { id, title: 'X' }))).toThrow(/not a whole number within 2\^53/)
    const raw = stubTl<tl.RawMessage>('message', { id: 5, date: 1700000000, peerId: { _: 'peerChannel', channelId: 100 }, message: 'hi', fromId: { _: 'peerUser', userId: id } })
    expect(() => mapMessage(raw, PeerIndex.from(), { chatId: 100 })).toThrow(UnsafeIdError)
  })

  it('keeps the largest safe id as it is', () => {
    const id = Number.MAX_SAFE_INTEGER
    const peers = PeerIndex.from([stubTl<tl.RawUser>('user', { id, firstName: 'Max' })])
    const raw = stubTl<tl.RawMessage>('message', { id: 5, date: 1700000000, peerId: { _: 'peerChannel', channelId: 100 }, message: 'hi', fromId: { _: 'peerUser', userId: id } })
    expect(mapMessage(raw, peers, { chatId: 100 })?.sender?.id).toBe(id)
  })

  it.each(['9223372036854775808', '-1009007199254740993', '-9007199254740993', 't.me/c/9223372036854775808/5', 't.me/news/99999999999999999999'])(
    'refuses the chat target %s', (raw) => {
      expect(() => parseTarget(raw)).toThrow(TargetError)
    })
})
