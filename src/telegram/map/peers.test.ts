import { describe, expect, it } from 'vitest'
import type { tl } from '@mtcute/core'
import { PeerIndex } from './peers.ts'
import { stubTl } from './test-stub.ts'

const alice = stubTl<tl.RawUser>('user', { id: 10, firstName: 'Alice', lastName: 'Liddell', username: 'alice' })
const ghost = stubTl<tl.RawUser>('user', { id: 11, deleted: true, firstName: 'Old' })
const me = stubTl<tl.RawUser>('user', { id: 12, self: true, firstName: 'Me' })
const collector = stubTl<tl.RawUser>('user', {
  id: 13, firstName: 'Col',
  usernames: [
    stubTl<tl.RawUsername>('username', { username: 'inactive', active: false }),
    stubTl<tl.RawUsername>('username', { username: 'active1', active: true }),
  ],
})
const group = stubTl<tl.RawChat>('chat', { id: 20, title: 'Family' })
const chan = stubTl<tl.RawChannel>('channel', { id: 10, title: 'News', broadcast: true, username: 'news' })

describe('PeerIndex', () => {
  const peers = PeerIndex.from([alice, ghost, me, collector], [group, chan])

  it('resolves each peer kind, keeping user and channel ids apart', () => {
    expect(peers.peer({ _: 'peerUser', userId: 10 })).toEqual({ id: 10, kind: 'user', name: 'Alice Liddell', username: 'alice' })
    expect(peers.peer({ _: 'peerChannel', channelId: 10 })).toEqual({ id: 10, kind: 'channel', name: 'News', username: 'news' })
    expect(peers.peer({ _: 'peerChat', chatId: 20 })).toEqual({ id: 20, kind: 'chat', name: 'Family' })
    expect(peers.peer({ _: 'peerUser', userId: 99 })).toBeUndefined()
  })

  it('names deleted accounts, users by active username, and unknown peers by id', () => {
    expect(peers.name({ _: 'peerUser', userId: 11 })).toBe('Deleted Account')
    expect(peers.user(13)?.username).toBe('active1')
    expect(peers.name({ _: 'peerChannel', channelId: 77 })).toBe('Channel 77')
    expect(peers.userName(78)).toBe('User 78')
  })

  it('caches Peer objects, stubs included', () => {
    expect(peers.peer({ _: 'peerUser', userId: 10 })).toBe(peers.peer({ _: 'peerUser', userId: 10 }))
    expect(peers.peerOrStub({ _: 'peerChat', chatId: 5 })).toBe(peers.peerOrStub({ _: 'peerChat', chatId: 5 }))
  })

  it('knows self, and chat() finds basic groups and channels', () => {
    expect(peers.self?.id).toBe(12)
    expect(peers.chat(20)?.kind).toBe('chat')
    expect(peers.chat(10)?.kind).toBe('channel')
    expect(PeerIndex.from().setSelf(12).self).toEqual({ id: 12, kind: 'user', name: 'User 12' })
  })

  it('add() merges, and a min user does not replace a full one', () => {
    const idx = PeerIndex.from([alice])
    idx.add([stubTl<tl.RawUser>('user', { id: 10, min: true, firstName: 'A' })], [])
    expect(idx.user(10)?.name).toBe('Alice Liddell')
    idx.add([stubTl<tl.RawUser>('user', { id: 10, firstName: 'Alicia' })])
    expect(idx.user(10)?.name).toBe('Alicia')
    expect(idx.rawUser(10)?._).toBe('user')
  })
})
