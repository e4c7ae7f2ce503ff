import Long from 'long'
import { describe, expect, it } from 'vitest'
import { RpcError, type CallContext } from '../types.ts'
import { createWorld } from '../world/world.ts'
import type { SimChat } from '../world/types.ts'
import { createHandler, defaultKnobs } from './index.ts'

const ctx: CallContext = { dcId: 2, authKeyId: 'k', connectionId: 1, wrappers: [] }
const world = createWorld({ seed: 21, messages: 20_000 })
const handler = createHandler(world, defaultKnobs(), () => [])
const channel = world.chats.find((c) => c.kind === 'channel')!
const group = world.chats.find((c) => c.kind === 'group')!
const forum = world.chats.find((c) => c.kind === 'forum')!

function inputPeer(chat: SimChat): unknown {
  if (chat.kind === 'group') return { _: 'inputPeerChat', chatId: chat.id }
  return { _: 'inputPeerChannel', channelId: chat.id, accessHash: Long.fromString(chat.accessHash) }
}

function history(chat: SimChat, q: Record<string, number>, method = 'messages.getHistory'): any {
  return handler({ _: method, peer: inputPeer(chat), offsetId: 0, offsetDate: 0, addOffset: 0, limit: 100, maxId: 0, minId: 0, hash: Long.ZERO, ...q }, ctx)
}
const ids = (res: any): number[] => res.messages.map((m: any) => m.id)

function expectRpc(fn: () => unknown, code: number, message: string | RegExp): void {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(RpcError)
    expect((e as RpcError).code).toBe(code)
    expect((e as RpcError).message).toMatch(message)
    return
  }
  throw new Error('expected an RpcError')
}

describe('messages.getHistory', () => {
  it('walks backwards across gaps with offset_id and returns every id once', () => {
    for (const chat of [channel, group]) {
      const seen: number[] = []
      let offsetId = 0
      for (;;) {
        const res = history(chat, { offsetId, limit: 100 })
        expect(res._).toBe(chat.kind === 'group' ? 'messages.messagesSlice' : 'messages.channelMessages')
        expect(res.count).toBe(world.count(chat.id))
        const page = ids(res)
        if (page.length === 0) break
        expect(page).toEqual([...page].sort((a, b) => b - a))
        seen.push(...page)
        offsetId = page[page.length - 1]!
      }
      expect(seen).toEqual([...world.ids(chat.id)].reverse())
    }
  })

  it('walks forwards with a negative add_offset (as mtcute reverse paging does)', () => {
    const seen: number[] = []
    let offsetId = 1
    for (;;) {
      const page = ids(history(channel, { offsetId, addOffset: -100, limit: 100 })).reverse()
      if (page.length === 0) break
      seen.push(...page)
      offsetId = page[page.length - 1]! + 1
    }
    expect(seen).toEqual([...world.ids(channel.id)])
  })

  it('centres on an id with add_offset = -limit/2', () => {
    const all = [...world.idsDesc(channel.id)]
    const pivot = all[500]!
    // offset_id itself is position -1: the first id at or above the anchor
    const page = ids(history(channel, { offsetId: pivot, addOffset: -5, limit: 10 }))
    expect(page).toEqual(all.slice(496, 506))
    expect(ids(history(channel, { offsetId: pivot, addOffset: 3, limit: 4 }))).toEqual(all.slice(504, 508))
  })

  it('honours min_id and max_id (exclusive) and caps limit at 100', () => {
    const all = [...world.ids(channel.id)]
    const lo = all[100]!
    const hi = all[150]!
    const page = ids(history(channel, { minId: lo, maxId: hi }))
    expect(page).toEqual(all.slice(101, 150).reverse())
    expect(ids(history(channel, { limit: 1000 }))).toHaveLength(100)
  })

  it('seeks by offset_date: only messages sent before it', () => {
    const all = [...world.ids(group.id)]
    const pivot = all[300]!
    const date = world.message(group.id, pivot)!.date
    const page = ids(history(group, { offsetDate: date, limit: 5 }))
    expect(page.length).toBe(5)
    for (const id of page) expect(world.message(group.id, id)!.date).toBeLessThan(date)
    expect(page[0]).toBe(all[all.findIndex((id) => world.message(group.id, id)!.date >= date) - 1])
  })

  it('carries the users and chats its messages reference, with access hashes', () => {
    const res = history(group, { limit: 100 })
    const userIds = new Set(res.users.map((u: any) => u.id))
    for (const m of res.messages) {
      if (m.fromId) expect(userIds.has(m.fromId.userId)).toBe(true)
      if (m.fwdFrom?.fromId?._ === 'peerChannel') expect(res.chats.some((c: any) => c.id === m.fwdFrom.fromId.channelId)).toBe(true)
    }
    expect(res.chats.some((c: any) => c._ === 'chat' && c.id === group.id)).toBe(true)
    expect(res.users.every((u: any) => Long.isLong(u.accessHash))).toBe(true)
  })

  it('rejects a wrong access hash', () => {
    expectRpc(() => handler({ _: 'messages.getHistory', peer: { _: 'inputPeerChannel', channelId: channel.id, accessHash: Long.fromNumber(1) }, limit: 1 }, ctx), 400, 'CHANNEL_INVALID')
  })
})

describe('messages.getReplies in a forum topic', () => {
  it('returns exactly the topic messages, paged', () => {
    const topic = forum.topics![2]!
    const seen: number[] = []
    let offsetId = 0
    for (;;) {
      const res = history(forum, { msgId: topic.id, offsetId, limit: 100 }, 'messages.getReplies')
      expect(res.count).toBe(world.count(forum.id, topic.id))
      const page = ids(res)
      if (!page.length) break
      seen.push(...page)
      offsetId = page[page.length - 1]!
    }
    expect(seen).toEqual([...world.ids(forum.id, { topicId: topic.id })].reverse())
    expect(seen[seen.length - 1]).toBe(topic.id)
  })
})

describe('lookups', () => {
  it('getMessages by id answers messageEmpty for a missing id', () => {
    const present = [...world.ids(channel.id)].slice(0, 3)
    let gap = 2
    while (world.exists(channel.id, gap)) gap++
    const res: any = handler({ _: 'channels.getMessages', channel: { _: 'inputChannel', channelId: channel.id, accessHash: Long.fromString(channel.accessHash) }, id: [...present, gap].map((id) => ({ _: 'inputMessageID', id })) }, ctx)
    expect(res.messages.map((m: any) => m._ === 'messageEmpty')).toEqual([false, false, false, true])
    const privateChat = world.chats.find((c) => c.kind === 'private')!
    const pid = [...world.ids(privateChat.id)][5]!
    const res2: any = handler({ _: 'messages.getMessages', id: [{ _: 'inputMessageID', id: pid }] }, ctx)
    expect(res2.messages[0]).toMatchObject({ id: pid, peerId: { userId: privateChat.id } })
  })

  it('resolves usernames, and refuses unknown ones', () => {
    const res: any = handler({ _: 'contacts.resolveUsername', username: 'sim_news' }, ctx)
    expect(res.peer).toEqual({ _: 'peerChannel', channelId: channel.id })
    expectRpc(() => handler({ _: 'contacts.resolveUsername', username: 'nobody_here' }, ctx), 400, 'USERNAME_NOT_OCCUPIED')
  })

  it('lists every chat in dialogs, the forum flagged, paged by offset peer', () => {
    const first: any = handler({ _: 'messages.getDialogs', offsetDate: 0, offsetId: 0, offsetPeer: { _: 'inputPeerEmpty' }, limit: 5, hash: Long.ZERO }, ctx)
    expect(first._).toBe('messages.dialogsSlice')
    expect(first.count).toBe(world.chats.length)
    expect(first.dialogs).toHaveLength(5)
    const all: any = handler({ _: 'messages.getDialogs', offsetDate: 0, offsetId: 0, offsetPeer: { _: 'inputPeerEmpty' }, limit: 100, hash: Long.ZERO }, ctx)
    expect(all.dialogs).toHaveLength(world.chats.length)
    expect(all.dialogs.some((d: any) => d.peer._ === 'peerUser' && d.peer.userId === world.self.id)).toBe(true)
    expect(all.chats.find((c: any) => c.id === forum.id).forum).toBe(true)
  })

  it('lists forum topics with General and pages them by offset_topic', () => {
    const req = (offsetTopic: number, limit: number) => handler({ _: 'messages.getForumTopics', peer: inputPeer(forum), offsetDate: 0, offsetId: 0, offsetTopic, limit }, ctx) as any
    const a = req(0, 3)
    expect(a.count).toBe(forum.topics!.length)
    const b = req(a.topics[2].id, 100)
    const got = [...a.topics, ...b.topics].map((t: any) => t.id).sort((x: number, y: number) => x - y)
    expect(got).toEqual(forum.topics!.map((t) => t.id))
    expect(a.topics.concat(b.topics).find((t: any) => t.id === 1).title).toBe('General')
  })

  it('answers an unknown method with an RpcError', () => {
    expectRpc(() => handler({ _: 'messages.sendMessage' }, ctx), 400, 'METHOD_NOT_SIMULATED')
  })
})
