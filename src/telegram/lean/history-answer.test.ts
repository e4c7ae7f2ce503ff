// The lean reader against mtcute + map/mapMessage, message by message: on every message the
// simulator's worlds hold (every chat kind, media kind, service action, entity, reply, forward,
// reaction, poll, topic, comment thread, edits and deletions) and on random messages built from
// mtcute's schema. Equal means the same fields in the same order (JSON text) and the same values.
import Long from 'long'
import { TlBinaryReader, TlBinaryWriter, __tlReaderMap, __tlWriterMap } from '@mtcute/core/utils.js'
import type { tl } from '@mtcute/core'
import { describe, expect, it } from 'vitest'
import { createWorld, type SimChat, type World } from '../../sim/world/index.ts'
import { getReplies, messagesAnswer } from '../../sim/handlers/history.ts'
import { mapMessage } from '../map/message.ts'
import { PeerIndex } from '../map/peers.ts'
import type { Message } from '../../model/types.ts'
import { historyAnswer, leanStats } from './history-answer.ts'
import { RandomTl, Rng } from './test-random-tl.ts'

const bytesOf = (o: unknown) => TlBinaryWriter.serializeObject(__tlWriterMap, o as { _: string })

type Outcome = { message: Message | undefined } | { error: string }

function attempt(f: () => Message | undefined): Outcome {
  try {
    return { message: f() }
  } catch (e) {
    return { error: String(e) }
  }
}

/** Both roads over one answer: lean from the bytes, mtcute's object mapped by mapMessage. */
function bothRoads(bytes: Uint8Array, opts: { chatId: number; forum: boolean }, selfId?: number) {
  const before = { ...leanStats }
  const lean = historyAnswer(bytes)
  expect(leanStats.lean, 'the lean road was taken').toBe(before.lean + 1)
  const res = TlBinaryReader.deserializeObject(__tlReaderMap, bytes) as tl.messages.TypeMessages
  if (res._ === 'messages.messagesNotModified') {
    expect(lean.notModified).toBe(true)
    return { lean: [], tl: [], count: 0 }
  }
  const leanIndex = PeerIndex.from(lean.users, lean.chats)
  const tlIndex = PeerIndex.from(res.users, res.chats)
  if (selfId !== undefined && !leanIndex.self) leanIndex.setSelf(selfId)
  if (selfId !== undefined && !tlIndex.self) tlIndex.setSelf(selfId)
  expect(lean.length).toBe(res.messages.length)
  expect(lean.count).toBe(res._ === 'messages.messages' ? res.messages.length : res.count)
  expect(lean.users).toEqual(res.users)
  expect(lean.chats).toEqual(res.chats)
  const leanOut: Outcome[] = []
  const tlOut: Outcome[] = []
  for (let i = 0; i < res.messages.length; i++) {
    expect(lean.id(i)).toBe(res.messages[i]!.id)
    leanOut.push(attempt(() => lean.message(i, leanIndex, opts)))
    tlOut.push(attempt(() => mapMessage(res.messages[i]!, tlIndex, opts)))
  }
  return { lean: leanOut, tl: tlOut, count: res.messages.length }
}

function expectSame(a: Outcome[], b: Outcome[]): void {
  // the same text (fields in the same order) and the same values (undefined fields too)
  expect(JSON.stringify(a)).toBe(JSON.stringify(b))
  expect(a).toStrictEqual(b)
}

function inputOf(chat: SimChat): unknown {
  return { _: 'inputPeerChannel', channelId: chat.id, accessHash: Long.fromString(chat.accessHash) }
}

/** Every message of every chat of a world, 100 to an answer, and every comment thread. */
function compareWorld(world: World): { messages: number; kinds: Set<string> } {
  let messages = 0
  const kinds = new Set<string>()
  for (const chat of world.chats) {
    const ids = [...world.ids(chat.id)]
    // deleted ids inside the range answer as messageEmpty
    ids.push(chat.maxId + 1, chat.maxId + 2)
    const opts = { chatId: chat.id, forum: chat.kind === 'forum' }
    for (let i = 0; i < ids.length; i += 100) {
      const page = ids.slice(i, i + 100).reverse()
      const both = bothRoads(bytesOf(messagesAnswer(world, chat, page, ids.length)), opts, world.self.id)
      expectSame(both.lean, both.tl)
      messages += both.count
      for (const o of both.tl) {
        if (!('message' in o) || !o.message) continue
        const m = o.message
        kinds.add(m.service ? `service:${m.service.type}` : m.media ? `media:${m.media.type}${m.media.type === 'file' ? ':' + m.media.file.kind : ''}` : 'text')
        if (m.replyTo) kinds.add('reply')
        if (m.forward) kinds.add('forward')
        if (m.reactions) kinds.add('reactions')
        if (m.entities.length) kinds.add('entities')
        if (m.comments) kinds.add('comments')
        if (m.topicId && m.topicId > 1) kinds.add('topic')
      }
    }
    if (!world.linkedChat(chat.id)) continue
    for (const post of world.ids(chat.id)) {
      if (!world.comments(chat.id, post).length) continue
      const answer = getReplies(world, { _: 'messages.getReplies', peer: inputOf(chat), msgId: post, limit: 100 } as never)
      const both = bothRoads(bytesOf(answer), { chatId: world.discussion.id, forum: false }, world.self.id)
      expectSame(both.lean, both.tl)
      messages += both.count
      kinds.add('comment')
    }
  }
  return { messages, kinds }
}

describe('the lean history reader', () => {
  it('reads every message of the simulator\'s worlds as mtcute + mapMessage do', () => {
    let total = 0
    const kinds = new Set<string>()
    for (const [seed, size] of [[1, 6000], [7, 12_000], [99, 3000]] as const) {
      const world = createWorld({ seed, messages: size })
      // edits and deletions change what a page holds
      const chat = world.chats.find((c) => c.kind === 'supergroup')!
      world.edit(chat.id, chat.minId + 5)
      world.delete(chat.id, chat.minId + 6)
      const r = compareWorld(world)
      total += r.messages
      for (const k of r.kinds) kinds.add(k)
    }
    expect(total).toBeGreaterThan(15_000)
    // what the worlds hold: a reader that skipped any of these would not have been compared on it
    for (const k of ['text', 'entities', 'reply', 'forward', 'reactions', 'comments', 'topic', 'comment',
      'media:poll', 'media:geo', 'media:venue', 'media:contact', 'media:dice', 'media:webpage',
      'media:file:photo', 'media:file:video', 'media:file:voice', 'media:file:audio', 'media:file:sticker',
      'media:file:animation', 'media:file:video_note', 'media:file:file',
      'service:chat_create', 'service:channel_create', 'service:chat_add_user', 'service:chat_delete_user',
      'service:pin_message', 'service:chat_edit_title', 'service:topic_create', 'service:game_score', 'service:phone_call']) {
      expect(kinds, k).toContain(k)
    }
  })

  it('reads random messages of every constructor mtcute\'s schema allows as mtcute + mapMessage do', () => {
    const ids = [1, 2, 3, 777, 1_000_001, 2 ** 40 + 3]
    let compared = 0
    for (let seed = 1; seed <= 400; seed++) {
      const gen = new RandomTl(new Rng(seed), { depth: 4, ids })
      const messages = Array.from({ length: 5 }, () => gen.ofType('Message'))
      const users = ids.map((id) => ({ ...gen.ofType('User', 3), id }))
      const chats = ids.slice(0, 3).map((id) => ({ ...gen.ofType('Chat', 3), id }))
      const answer = gen.rng.pick([
        { _: 'messages.messages', messages, topics: [], chats, users },
        { _: 'messages.messagesSlice', count: 1000, offsetIdOffset: seed, inexact: true, messages, topics: [], chats, users },
        { _: 'messages.channelMessages', pts: 5, count: 1000, messages, topics: [], chats, users },
      ])
      let bytes: Uint8Array
      try {
        bytes = bytesOf(answer)
      } catch {
        continue // a random value the writer refuses (a user's id replaced by a chat's shape, ...)
      }
      const both = bothRoads(bytes, { chatId: 1, forum: seed % 2 === 0 })
      expectSame(both.lean, both.tl)
      compared += both.count
    }
    expect(compared).toBeGreaterThan(1500)
  })

  it('ignores flag bits the schema does not define, as mtcute does', () => {
    const world = createWorld({ seed: 3, messages: 500 })
    const chat = world.chats.find((c) => c.kind === 'channel')!
    const bytes = bytesOf(messagesAnswer(world, chat, [...world.ids(chat.id)].slice(-20).reverse(), 20))
    // set bit 31 of every message's flags and flags2 (message#7600b9d3 flags:# ... flags2:#)
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    let marked = 0
    for (let p = 0; p + 12 <= bytes.length; p += 4) {
      if (view.getUint32(p, true) !== 0x7600b9d3) continue
      view.setUint32(p + 4, view.getUint32(p + 4, true) | 0x80000000, true)
      view.setUint32(p + 8, view.getUint32(p + 8, true) | 0x80000000, true)
      marked++
    }
    expect(marked).toBeGreaterThan(5)
    const both = bothRoads(bytes, { chatId: chat.id, forum: false })
    expectSame(both.lean, both.tl)
  })

  it('refuses to map an answer once the next one was read (its records are reused)', () => {
    const world = createWorld({ seed: 5, messages: 300 })
    const chat = world.chats.find((c) => c.kind === 'supergroup')!
    const page = (n: number) => bytesOf(messagesAnswer(world, chat, [...world.ids(chat.id)].slice(n, n + 10).reverse(), 10))
    const first = historyAnswer(page(0))
    const index = PeerIndex.from(first.users, first.chats)
    expect(first.message(0, index, { chatId: chat.id })?.id).toBe(first.id(0))
    historyAnswer(page(10))
    expect(() => first.message(0, index, { chatId: chat.id })).toThrow(/after the next one/)
    // done() lets go of what the records hold: a read after it is refused too
    const second = historyAnswer(page(20))
    expect(second.message(0, index, { chatId: chat.id })?.id).toBe(second.id(0))
    second.done()
    expect(() => second.message(0, index, { chatId: chat.id })).toThrow(/after done\(\)/)
  })

  it('done() empties an answer mtcute decoded (release-answer.ts)', () => {
    const world = createWorld({ seed: 5, messages: 300 })
    const chat = world.chats.find((c) => c.kind === 'supergroup')!
    const answer = messagesAnswer(world, chat, [...world.ids(chat.id)].slice(0, 10).reverse(), 10) as { messages: unknown[] }
    const tlAnswer = historyAnswer(answer as never)
    expect(tlAnswer.length).toBe(10)
    tlAnswer.done()
    expect(answer.messages).toHaveLength(0)
  })

  it('hands an answer it does not know to mtcute and mapMessage', () => {
    // messages.dialogs is no history answer: the lean reader refuses it, mtcute reads it (and history.ts
    // would see a TL object it does not expect); a page with a media kind it leaves to mtcute stays lean
    const before = { ...leanStats }
    const answer = historyAnswer(bytesOf({ _: 'messages.messagesNotModified', count: 3 }))
    expect(answer.notModified).toBe(true)
    const unknown = bytesOf({ _: 'messages.messages', messages: [], topics: [], chats: [], users: [] })
    unknown[0] ^= 0xff // not a constructor the lean reader reads, nor one mtcute knows
    expect(() => historyAnswer(unknown)).toThrow(/Unknown object id/)
    expect(leanStats.lean).toBe(before.lean + 1)
    expect(leanStats.mtcute).toBe(before.mtcute + 1)
  })
})
