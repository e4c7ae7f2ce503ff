import { describe, expect, it } from 'vitest'
import { createWorld } from './world.ts'
import type { World } from './types.ts'

function sample(w: World, chatIndex: number, n: number): unknown[] {
  const chat = w.chats[chatIndex]!
  const out: unknown[] = []
  for (const id of w.ids(chat.id)) {
    out.push(w.message(chat.id, id))
    if (out.length === n) break
  }
  return out
}

describe('createWorld', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = createWorld({ seed: 42, messages: 5000 })
    const b = createWorld({ seed: 42, messages: 5000 })
    const c = createWorld({ seed: 43, messages: 5000 })
    for (let i = 0; i < a.chats.length; i++) {
      expect(JSON.stringify(sample(a, i, 300))).toBe(JSON.stringify(sample(b, i, 300)))
    }
    expect(JSON.stringify(sample(a, 0, 300))).not.toBe(JSON.stringify(sample(c, 0, 300)))
  })

  it('has one chat of every kind, a forum with General and two topics of one title', () => {
    const w = createWorld({ seed: 1, messages: 2000 })
    expect(new Set(w.chats.map((c) => c.kind))).toEqual(new Set(['channel', 'forum', 'supergroup', 'group', 'private', 'bot', 'saved']))
    const forum = w.chats.find((c) => c.kind === 'forum')!
    expect(forum.topics![0]).toMatchObject({ id: 1, title: 'General' })
    const titles = forum.topics!.map((t) => t.title)
    expect(titles.length - new Set(titles).size).toBe(1)
    expect(w.users.length).toBeGreaterThanOrEqual(10)
    expect(w.chats.find((c) => c.kind === 'saved')!.id).toBe(w.self.id)
  })

  it('never materializes a big chat: creation and a far message are fast', () => {
    const t0 = performance.now()
    const w = createWorld({ seed: 7, messages: 1_000_000 })
    const created = performance.now() - t0
    const chat = w.chats[0]!
    expect(chat.maxId).toBeGreaterThan(250_000)
    const t1 = performance.now()
    let found = 0
    for (let id = chat.maxId; id > chat.maxId - 50; id--) if (w.message(chat.id, id)) found++
    expect(found).toBeGreaterThan(40)
    expect(created).toBeLessThan(50)
    expect(performance.now() - t1).toBeLessThan(50)
    const big = createWorld({ seed: 7, messages: 4_000_000 })
    const forum = big.chats[1]!
    expect(forum.maxId).toBeGreaterThan(999_999)
    const t2 = performance.now()
    const m = big.message(forum.id, 999_999) ?? big.message(forum.id, 999_998) ?? big.message(forum.id, 999_997)
    expect(m?.id).toBeGreaterThan(999_990)
    expect(performance.now() - t2).toBeLessThan(20)
  })

  it('keeps ids, count, message and gaps consistent', () => {
    const w = createWorld({ seed: 3, messages: 20_000 })
    for (const chat of w.chats) {
      const asc = [...w.ids(chat.id)]
      expect(asc.length).toBe(w.count(chat.id))
      expect([...w.idsDesc(chat.id)]).toEqual([...asc].reverse())
      expect(asc[0]).toBe(chat.minId)
      expect(asc[asc.length - 1]).toBe(chat.maxId)
      const missing = chat.maxId - chat.minId + 1 - asc.length
      if (asc.length > 1000) {
        expect(missing / (chat.maxId - chat.minId + 1)).toBeGreaterThan(0.01)
        expect(missing / (chat.maxId - chat.minId + 1)).toBeLessThan(0.08)
      }
      const set = new Set(asc)
      for (let id = chat.minId; id <= Math.min(chat.maxId, chat.minId + 500); id++) {
        expect(w.message(chat.id, id) !== undefined).toBe(set.has(id))
      }
      // dates ascend with ids
      let last = 0
      for (const id of asc.slice(0, 2000)) {
        const d = w.message(chat.id, id)!.date
        expect(d).toBeGreaterThanOrEqual(last)
        last = d
      }
    }
  })

  it('has a long run of deleted ids somewhere', () => {
    const w = createWorld({ seed: 5, messages: 200_000 })
    const chat = w.chats[0]!
    let prev = 0
    let longest = 0
    for (const id of w.ids(chat.id)) {
      if (prev) longest = Math.max(longest, id - prev - 1)
      prev = id
    }
    expect(longest).toBeGreaterThanOrEqual(60)
  })

  it('spreads dates over many months and finds ids by date', () => {
    const w = createWorld({ seed: 9, messages: 5000 })
    const chat = w.chats[3]!
    const months = new Set([...w.ids(chat.id)].map((id) => new Date(w.message(chat.id, id)!.date * 1000).toISOString().slice(0, 7)))
    expect(months.size).toBeGreaterThan(12)
    const pivot = chat.minId + 100
    const d = w.dateOf(chat.id, pivot)
    const first = w.firstIdAtOrAfter(chat.id, d)
    expect(first).toBeLessThanOrEqual(pivot)
    expect(w.dateOf(chat.id, first - 1)).toBeLessThan(d)
  })

  it('puts every forum message in a topic with Telegram-like reply headers', () => {
    const w = createWorld({ seed: 11, messages: 20_000 })
    const forum = w.chats.find((c) => c.kind === 'forum')!
    const topicIds = new Set(forum.topics!.map((t) => t.id))
    let total = 0
    for (const t of forum.topics!) {
      const n = w.count(forum.id, t.id)
      expect(n).toBeGreaterThan(0)
      total += n
      for (const id of [...w.ids(forum.id, { topicId: t.id })].slice(0, 200)) {
        const m = w.message(forum.id, id)!
        expect(m.topicId).toBe(t.id)
        if (t.id === 1 || id === t.id) {
          expect(m.replyTo?.forumTopic).toBeFalsy()
        } else {
          expect(m.replyTo?.forumTopic).toBe(true)
          if (m.replyTo!.messageId !== t.id) expect(m.replyTo!.topId).toBe(t.id)
        }
        if (id === t.id && id !== 1) expect(m.service).toMatchObject({ type: 'topic_create', title: t.title })
      }
    }
    expect(total).toBe(w.count(forum.id))
    expect(topicIds.has(1)).toBe(true)
  })

  it('replies point at earlier existing messages; albums share a grouped id', () => {
    const w = createWorld({ seed: 13, messages: 20_000 })
    let replies = 0
    let albums = 0
    for (const chat of w.chats) {
      for (const id of [...w.ids(chat.id)].slice(0, 1500)) {
        const m = w.message(chat.id, id)!
        if (m.replyTo && !m.replyTo.forumTopic) {
          replies++
          expect(m.replyTo.messageId).toBeLessThan(id)
          expect(w.message(chat.id, m.replyTo.messageId)).toBeDefined()
        }
        if (m.groupedId) {
          albums++
          expect(m.media).toMatchObject({ type: 'file' })
          const next = w.message(chat.id, id + 1)
          const prev = w.message(chat.id, id - 1)
          expect(next?.groupedId === m.groupedId || prev?.groupedId === m.groupedId).toBe(true)
        }
      }
    }
    expect(replies).toBeGreaterThan(100)
    expect(albums).toBeGreaterThan(100)
  })

  it('grows, edits and deletes through a small overlay', () => {
    const w = createWorld({ seed: 17, messages: 3000 })
    const chat = w.chats[0]!
    const before = w.count(chat.id)
    const oldMax = chat.maxId
    w.grow(chat.id, 10)
    expect(chat.maxId).toBe(oldMax + 10)
    expect(w.count(chat.id)).toBe(before + 10)
    expect(w.message(chat.id, oldMax + 10)!.date).toBeGreaterThanOrEqual(w.message(chat.id, oldMax)!.date)
    const target = [...w.ids(chat.id)].find((id) => w.message(chat.id, id)!.text)!
    const text = w.message(chat.id, target)!.text
    w.edit(chat.id, target)
    const edited = w.message(chat.id, target)!
    expect(edited.text).not.toBe(text)
    expect(edited.editDate).toBeGreaterThan(edited.date)
    w.delete(chat.id, target)
    expect(w.message(chat.id, target)).toBeUndefined()
    expect(w.count(chat.id)).toBe(before + 9)
  })
})
