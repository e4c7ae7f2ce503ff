import Database from 'better-sqlite3'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Message } from '../../model/types.ts'
import { StateDb } from '../state.ts'

const msg = (chatId: number, id: number, date: number, text: string, sender: Message['sender'] = { id: 7, kind: 'user', name: 'Ann', username: 'ann' }): Message => ({
  chatId, id, date, text, entities: [], sender,
})

const dir = () => mkdtempSync(join(tmpdir(), 'tobs-feed-'))

/** Stores a page as ChatIngest does (one transaction) and returns what it stored new. */
function store(state: StateDb, messages: Message[]): Message[] {
  return state.transaction(() => messages.filter((m) => state.messages.put(m) === 'new'))
}

/**
 * The index as rows a query would read: doc and text with their SQL types, and the second of the row
 * id (messages of one second are numbered in the order they came: the feed's is the export's, the
 * catch-up's is by chat id).
 */
function entries(path: string): unknown[] {
  const db = new Database(path, { readonly: true })
  try {
    return db.prepare(`SELECT d.rowid / 64 AS second, d.date, d.chat_id, d.msg_id, d.topic_id, d.sender_id, d.sender, typeof(d.sender) AS st,
      f.text, typeof(f.text) AS tt FROM search_docs d JOIN search_text f ON f.rowid = d.rowid ORDER BY d.chat_id, d.msg_id`).all()
  } finally {
    db.close()
  }
}

function queued(path: string): number {
  const db = new Database(path, { readonly: true })
  try {
    return db.prepare('SELECT (SELECT count(*) FROM search_pending) + (SELECT count(*) FROM search_pending_runs)').pluck().get() as number
  } finally {
    db.close()
  }
}

const ids = (hits: { chatId: number; msgId: number }[]) => hits.map((h) => `${h.chatId}:${h.msgId}`)

/** Messages the index must keep as they are: other scripts, no sender, a signature, empty text, control characters, media words. */
function awkward(chatId: number, from: number): Message[] {
  return [
    msg(chatId, from, 1000, 'Привет, мир 北京烤鸭 😶‍🌫️'),
    { ...msg(chatId, from + 1, 1000, 'same second, no sender'), sender: undefined },
    { ...msg(chatId, from + 2, 1001, 'signed post'), sender: undefined, signature: 'Editor' },
    msg(chatId, from + 3, 1002, ''),
    msg(chatId, from + 4, 1003, 'evil \u001b[31mred\u0001 text and a lone \ud83d surrogate', { id: 9, kind: 'user', name: '' }),
    { ...msg(chatId, from + 5, 1004, 'a poll'), topicId: 3,
      media: { type: 'poll', question: { text: 'Which café?', entities: [] }, answers: [{ text: { text: 'Zürich', entities: [] } }], closed: false } } as Message,
  ]
}

describe('the search feed (messages indexed from memory)', () => {
  it('writes the same index as the catch-up that reads them back, and takes their runs off the queue', () => {
    const fed = StateDb.open(dir())
    const read = StateDb.open(dir())
    const feed = fed.search.feed()
    read.search.catchUp()
    for (const chat of [5, 2]) {
      const page = awkward(chat, 1)
      feed.add(store(fed, page))
      store(read, page)
    }
    expect(queued(fed.path)).toBe(2) // a run per page until the batch is indexed
    expect(feed.flush()).toBe(10) // the empty message has nothing to index
    expect(queued(fed.path)).toBe(0)
    expect(read.search.catchUp()).toBe(12)
    expect(entries(fed.path)).toEqual(entries(read.path))
    expect(entries(fed.path)).toHaveLength(10)
    expect(ids(fed.search.search({ text: 'cafe zurich', limit: 5 }))).toEqual(['2:6', '5:6'])
    expect(ids(fed.search.search({ text: 'signed', from: 'Editor', limit: 5 }))).toEqual(['2:3', '5:3'])
    expect(fed.search.catchUp()).toBe(0)
    fed.close()
    read.close()
  })

  it('indexes a batch as soon as pages bring that many messages, the rest when flushed', () => {
    const state = StateDb.open(dir())
    const feed = state.search.feed(500)
    for (let lo = 1; lo <= 1200; lo += 100) {
      feed.add(store(state, Array.from({ length: 100 }, (_, i) => msg(1, lo + i, 10_000 + lo + i, `word${lo + i}z`))))
      // a run per page held; none once a batch of 500 was indexed
      expect(queued(state.path)).toBe(((lo + 99) / 100) % 5)
    }
    expect(ids(state.search.search({ text: 'word1000z', limit: 5 }))).toEqual(['1:1000'])
    expect(state.search.search({ text: 'word1001z', limit: 5 })).toEqual([])
    expect(feed.flush()).toBe(200)
    expect(ids(state.search.search({ text: 'word1200z', limit: 5 }))).toEqual(['1:1200'])
    expect(queued(state.path)).toBe(0)
    state.close()
  })

  it('leaves what it held queued when the run stops before its batch: the next catch-up indexes it', () => {
    const path = dir()
    let state = StateDb.open(path)
    const feed = state.search.feed()
    feed.add(store(state, [msg(1, 1, 100, 'indexed early')]))
    feed.flush()
    feed.add(store(state, [msg(1, 2, 200, 'held when stopped'), msg(1, 3, 300, 'held too')]))
    state.close() // killed here: the held batch is lost, its run is not
    expect(queued(state.path)).toBe(1)
    state = StateDb.open(path)
    expect(state.search.catchUp()).toBe(2)
    expect(ids(state.search.search({ text: 'held', limit: 5 }))).toEqual(['1:3', '1:2'])
    expect(ids(state.search.search({ text: 'indexed', limit: 5 }))).toEqual(['1:1'])
    state.close()
  })

  it('replaces the entry of a message deleted and stored again before a catch-up, and leaves a page of a caller\'s transaction queued', () => {
    const state = StateDb.open(dir())
    const feed = state.search.feed()
    feed.add(store(state, [msg(1, 1, 100, 'first words'), msg(1, 2, 100, 'other')]))
    feed.flush()
    state.messages.delete(1, 1)
    feed.add(store(state, [msg(1, 1, 100, 'second words')]))
    // inside a transaction of its caller a page is not held (a rollback could take it back)
    state.transaction(() => feed.add(store(state, [msg(1, 3, 300, 'stored inside words')])))
    feed.add(store(state, [msg(1, 4, 400, 'after words')]))
    expect(feed.flush()).toBe(2)
    expect(ids(state.search.search({ text: 'words', limit: 5 }))).toEqual(['1:4', '1:1'])
    // the deletion's queue entry and the unheld page's run: both caught up, nothing twice
    expect(state.search.catchUp()).toBe(3)
    expect(ids(state.search.search({ text: 'words', limit: 5 }))).toEqual(['1:4', '1:3', '1:1'])
    expect(state.search.search({ text: 'first', limit: 5 })).toEqual([])
    expect(entries(state.path)).toHaveLength(4)
    state.close()
  })

  it('is indexed by a catch-up before it reads the queue', () => {
    const state = StateDb.open(dir())
    const feed = state.search.feed()
    feed.add(store(state, [msg(1, 1, 100, 'held words')]))
    expect(state.search.catchUp()).toBe(1)
    expect(ids(state.search.search({ text: 'held', limit: 5 }))).toEqual(['1:1'])
    expect(feed.flush()).toBe(0)
    state.close()
  })
})
