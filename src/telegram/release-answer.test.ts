import type { tl } from '@mtcute/core'
import Long from 'long'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { getByIds } from './history.ts'
import { InputPeers } from './input-peers.ts'
import { stubTl } from './map/test-stub.ts'
import type { Rpc } from './rpc.ts'

const channel = { _: 'peerChannel', channelId: 100 } as const

/** An answer of `n` messages above `after`, as Telegram sends it. */
function answer(after: number, n: number): tl.messages.RawChannelMessages {
  const messages = Array.from({ length: n }, (_, i) => stubTl<tl.RawMessage>('message', {
    id: after + n - i, date: 1700000000, peerId: channel, fromId: { _: 'peerUser', userId: 7 }, message: `text ${i}`,
  }))
  return stubTl<tl.messages.RawChannelMessages>('messages.channelMessages', {
    count: 1000, messages, users: [stubTl('user', { id: 7, firstName: 'Ann' })], chats: [stubTl('channel', { id: 100, title: 'C' })],
  })
}

describe('releaseAnswer', () => {
  it('leaves the answer nothing of its page once the page is built (issue 10)', async () => {
    setFlagsFromString('--expose-gc')
    const gc = runInNewContext('gc') as () => void
    // the answer outlives the page: mtcute's promises for the request still hold it, and a promise
    // moved to the old generation holds it until the next mark-compact
    const held = answer(0, 100)
    const raw = new WeakRef(held.messages[0]!)
    const user = new WeakRef(held.users[0]!)
    const rpc = (async () => held) as unknown as Rpc
    const target = { peer: { _: 'inputPeerChannel' as const, channelId: 100, accessHash: Long.ZERO }, chatId: 100, forum: false }
    const ids = Array.from({ length: 100 }, (_, i) => i + 1)
    let page: Map<number, unknown> | undefined = await getByIds(rpc, new InputPeers(), target, ids)
    expect([...page.keys()].sort((a, b) => a - b)).toEqual(ids)
    expect((page.get(1) as { text: string }).text).toBe('text 99')
    page = undefined
    await new Promise((r) => setImmediate(r))
    gc()
    // before: the answer held the page's TL objects, so young collections copied and promoted them,
    // and V8 took to allocating them in the old generation
    expect(raw.deref()).toBeUndefined()
    expect(user.deref()).toBeUndefined()
    expect(held.messages).toHaveLength(0)
  })
})
