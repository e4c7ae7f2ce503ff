import Database from 'better-sqlite3'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Message } from '../../model/types.ts'
import { StateDb } from '../state.ts'
import { snippet } from './search.ts'
import { SCHEMA_VERSION } from '../database.ts'

const msg = (chatId: number, id: number, date: number, text: string, sender = 'Ann'): Message => ({
  chatId, id, date, text, entities: [], sender: { id: sender.length, kind: 'user', name: sender, username: sender.toLowerCase() },
})

function vault(): StateDb {
  return StateDb.open(mkdtempSync(join(tmpdir(), 'tobs-search-')))
}

const ids = (hits: { chatId: number; msgId: number }[]) => hits.map((h) => `${h.chatId}:${h.msgId}`)

/** A closed vault holding message 1:1 with `text`, indexed. */
function indexedVault(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tobs-search-'))
  const state = StateDb.open(dir)
  state.messages.put(msg(1, 1, 100, text))
  state.search.catchUp()
  state.close()
  return dir
}

describe('SearchIndex', () => {
  it('indexes a vault that was written before the index existed, then follows inserts, edits and deletions', () => {
    const state = vault()
    state.messages.put(msg(1, 1, 100, 'Привет, мир'))
    state.messages.put(msg(1, 2, 200, 'мы ели 北京烤鸭 вчера'))
    const index = state.search
    expect(index.pendingCount()).toBe(2)
    expect(index.catchUp()).toBe(2)
    expect(ids(index.search({ text: 'МИР', limit: 10 }))).toEqual(['1:1'])
    expect(ids(index.search({ text: '京烤鸭', limit: 10 }))).toEqual(['1:2'])

    state.messages.put(msg(1, 1, 100, 'Пока, мир')) // an edit
    state.messages.put(msg(2, 7, 300, 'и снова привет'))
    state.messages.delete(1, 2)
    expect(index.catchUp()).toBe(3)
    expect(ids(index.search({ text: 'привет', limit: 10 }))).toEqual(['2:7'])
    expect(ids(index.search({ text: 'пока', limit: 10 }))).toEqual(['1:1'])
    expect(index.search({ text: '北京', limit: 10 })).toEqual([])
    state.close()
  })

  it('takes each queued message off the queue once, over batches that end inside a chat', () => {
    const state = vault()
    // 12,000 messages in three chats: batches of 5,000 end inside chats 1 and 2
    state.transaction(() => {
      for (const chat of [3, 1, 2]) for (let id = 1; id <= 4000; id++) state.messages.put(msg(chat, id, 1000 + id, `word${chat}x${id}z`))
    })
    const index = state.search
    const seen: number[] = []
    expect(index.catchUp((done) => seen.push(done))).toBe(12000)
    expect(seen).toEqual([5000, 10000, 12000])
    expect(index.pendingCount()).toBe(0)
    for (const chat of [1, 2, 3]) for (const id of [1, 4000]) expect(ids(index.search({ text: `word${chat}x${id}z`, limit: 5 }))).toEqual([`${chat}:${id}`])
    expect(index.search({ text: 'word2x', chatId: 2, limit: 5000 })).toHaveLength(4000)
    state.close()
  })

  it('answers newest first, within dates, one chat and one sender; every word must occur', () => {
    const state = vault()
    const index = state.search
    // two messages in one second get distinct row ids
    state.messages.put(msg(1, 1, 1000, 'coffee and tea', 'Ann'))
    state.messages.put(msg(1, 2, 1000, 'coffee again', 'Bob'))
    state.messages.put(msg(2, 1, 3000, 'more coffee', 'Ann'))
    state.messages.put(msg(1, 3, 2000, 'tea only', 'Bob'))
    index.catchUp()
    expect(ids(index.search({ text: 'coffee', limit: 10 }))).toEqual(['2:1', '1:2', '1:1'])
    expect(ids(index.search({ text: 'coffee', limit: 2 }))).toEqual(['2:1', '1:2'])
    expect(ids(index.search({ text: 'coffee tea', limit: 10 }))).toEqual(['1:1'])
    expect(ids(index.search({ text: 'coffee', since: 1001, limit: 10 }))).toEqual(['2:1'])
    expect(ids(index.search({ text: 'coffee', until: 3000, limit: 10 }))).toEqual(['1:2', '1:1'])
    expect(ids(index.search({ text: 'coffee', chatId: 1, limit: 10 }))).toEqual(['1:2', '1:1'])
    expect(ids(index.search({ text: 'coffee', from: '@bob', limit: 10 }))).toEqual(['1:2'])
    expect(ids(index.search({ text: 'coffee', from: 'ann', limit: 10 }))).toEqual(['2:1', '1:1'])
    expect(index.search({ text: 'coffee', limit: 1 })[0]!.date).toBe(3000)
    state.close()
  })

  it('gives messages past the 64 of a second row ids of the seconds after, and still answers by their dates', () => {
    const state = vault()
    const index = state.search
    // 100 messages in second 5000 (36 too many), stored after one in each of the next two seconds, one before
    state.transaction(() => {
      state.messages.put(msg(1, 101, 5001, 'burst after'))
      state.messages.put(msg(1, 102, 5002, 'burst later'))
      for (let id = 1; id <= 100; id++) state.messages.put(msg(2 + (id % 3), id, 5000, `burst word${id}z`))
      state.messages.put(msg(1, 100, 4999, 'burst before'))
    })
    expect(index.catchUp()).toBe(103)
    const db = new Database(state.path, { readonly: true })
    const docs = db.prepare('SELECT rowid, date FROM search_docs ORDER BY rowid').all() as { rowid: number; date: number }[]
    expect(db.prepare('EXPLAIN QUERY PLAN SELECT max(rowid / 64 - date) FROM search_docs WHERE rowid >= (date + 1) * 64').all()
      .map((r) => (r as { detail: string }).detail).join()).toContain('search_docs_displaced')
    db.close()
    expect(new Set(docs.map((d) => d.rowid)).size).toBe(103)
    const displaced = docs.filter((d) => Math.floor(d.rowid / 64) !== d.date)
    expect(displaced).toHaveLength(36)
    expect(displaced.every((d) => d.date === 5000 && d.rowid > 5001 * 64 && d.rowid < 5002 * 64)).toBe(true)
    // every date answers as the message's own, newest first, the displaced among their second; the
    // first page of candidates (limit + 8) holds displaced ones only after 102, and the search reads on
    const all = index.search({ text: 'burst', limit: 200 })
    expect(all.map((h) => h.date)).toEqual([5002, 5001, ...Array(100).fill(5000), 4999])
    expect(index.search({ text: 'burst', limit: 2 }).map((h) => h.msgId)).toEqual([102, 101])
    expect(index.search({ text: 'burst', limit: 3 })[2]!.date).toBe(5000)
    expect(index.search({ text: 'burst', until: 5001, limit: 200 })).toHaveLength(101)
    expect(index.search({ text: 'burst', since: 5001, limit: 200 }).map((h) => h.msgId)).toEqual([102, 101])
    expect(index.search({ text: 'burst', since: 5000, until: 5001, limit: 200 })).toHaveLength(100)
    expect(ids(index.search({ text: 'word99z', until: 5001, limit: 5 }))).toEqual(['2:99'])
    state.close()
  })

  it('matches terms shorter than a trigram by scanning, and quotes hostile query syntax', () => {
    const state = vault()
    const index = state.search
    state.messages.put(msg(1, 1, 10, '你好 世界'))
    state.messages.put(msg(1, 2, 20, '世 界'))
    state.messages.put(msg(1, 3, 30, 'say "NEAR(a b)" OR * 100%_done'))
    index.catchUp()
    expect(ids(index.search({ text: '世界', limit: 10 }))).toEqual(['1:1'])
    expect(ids(index.search({ text: '"NEAR(a', limit: 10 }))).toEqual(['1:3'])
    expect(ids(index.search({ text: '%_', limit: 10 }))).toEqual(['1:3'])
    expect(ids(index.search({ text: 'OR', limit: 10 }))).toEqual(['1:3'])
    state.close()
  })

  it('finds a word, not its trigrams scattered over a message', () => {
    const state = vault()
    const index = state.search
    // each holds every trigram of "coffee" (cof, off, ffe, fee) but only the last holds the word
    state.messages.put(msg(1, 1, 10, 'cofa offer muffe feet'))
    state.messages.put(msg(1, 2, 20, 'COFFEE, and café'))
    state.messages.put(msg(1, 3, 30, 'toffee coffer ffee'))
    index.catchUp()
    expect(ids(index.search({ text: 'coffee', limit: 10 }))).toEqual(['1:2'])
    expect(index.search({ text: 'coffee', limit: 10 })[0]!.marked).toBe('\u0001COFFEE\u0002, and café')
    expect(ids(index.search({ text: 'cafe and', limit: 10 }))).toEqual(['1:2'])
    expect(ids(index.search({ text: 'ffee', limit: 10 }))).toEqual(['1:3', '1:2'])
    // more candidates than a page, few of them hits: the pages go on until the limit is met
    state.transaction(() => {
      for (let id = 10; id < 400; id++) state.messages.put(msg(2, id, 1000 + id, id % 50 ? 'cofa offer muffe feet' : 'a coffee'))
    })
    index.catchUp()
    expect(ids(index.search({ text: 'coffee', chatId: 2, limit: 5 }))).toEqual(['2:350', '2:300', '2:250', '2:200', '2:150'])
    state.close()
  })

  it('builds again an index that kept positions (a vault indexed before detail=none)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tobs-search-'))
    let state = StateDb.open(dir)
    state.messages.put(msg(1, 1, 100, 'Привет, мир'))
    state.messages.put(msg(1, 2, 100, 'coffee and tea'))
    state.close()
    // the index as tobs wrote it before issue 10, holding both messages
    const db = new Database(join(dir, '.tobs', 'state.db'))
    db.exec(`CREATE TABLE search_pending (chat_id INTEGER NOT NULL, id INTEGER NOT NULL, PRIMARY KEY (chat_id, id)) WITHOUT ROWID;
      CREATE TABLE search_docs (rowid INTEGER PRIMARY KEY, chat_id INTEGER NOT NULL, msg_id INTEGER NOT NULL, topic_id INTEGER NOT NULL,
        sender_id INTEGER, sender TEXT, UNIQUE (chat_id, msg_id));
      CREATE VIRTUAL TABLE search_text USING fts5(text, tokenize = 'trigram remove_diacritics 1');
      CREATE TRIGGER search_on_insert AFTER INSERT ON messages BEGIN
        INSERT OR IGNORE INTO search_pending (chat_id, id) VALUES (new.chat_id, new.id); END;
      INSERT INTO search_docs VALUES (${100 * 2 ** 20}, 1, 1, 0, 3, 'Ann @ann'), (${100 * 2 ** 20 + 1}, 1, 2, 0, 3, 'Ann @ann');
      INSERT INTO search_text (rowid, text) VALUES (${100 * 2 ** 20}, 'Привет, мир'), (${100 * 2 ** 20 + 1}, 'coffee and tea');`)
    db.close()
    state = StateDb.open(dir)
    const index = state.search
    expect(index.pendingCount()).toBe(2)
    expect(index.catchUp()).toBe(2)
    expect(ids(index.search({ text: 'мир', limit: 10 }))).toEqual(['1:1'])
    expect(ids(index.search({ text: 'coffee tea', limit: 10 }))).toEqual(['1:2'])
    expect(index.search({ text: 'coffee', limit: 10 })[0]).toMatchObject({ date: 100, sender: 'Ann @ann', marked: '\u0001coffee\u0002 and tea' })
    state.close()
    const after = new Database(join(dir, '.tobs', 'state.db'), { readonly: true })
    expect(after.prepare("SELECT sql FROM sqlite_master WHERE name = 'search_text'").pluck().get()).toContain('detail = none')
    expect(after.prepare('SELECT count(*) FROM search_docs').pluck().get()).toBe(2)
    after.close()
  })

  it('builds again an index of 2^20 row ids a second (a vault indexed before the docs kept dates)', () => {
    const dir = indexedVault('Привет, мир')
    // the docs table and row ids as tobs wrote them before
    const db = new Database(join(dir, '.tobs', 'state.db'))
    db.exec(`DROP TABLE search_docs; CREATE TABLE search_docs (rowid INTEGER PRIMARY KEY, chat_id INTEGER NOT NULL,
        msg_id INTEGER NOT NULL, topic_id INTEGER NOT NULL, sender_id INTEGER, sender TEXT, UNIQUE (chat_id, msg_id));
      DELETE FROM search_text; INSERT INTO search_docs VALUES (${100 * 2 ** 20}, 1, 1, 0, 3, 'Ann @ann');
      INSERT INTO search_text (rowid, text) VALUES (${100 * 2 ** 20}, 'Привет, мир');`)
    db.close()
    const state = StateDb.open(dir)
    expect(state.search.catchUp()).toBe(1)
    expect(state.search.search({ text: 'мир', limit: 10 })).toMatchObject([{ chatId: 1, msgId: 1, date: 100 }])
    expect(state.search.search({ text: 'мир', since: 100, until: 101, limit: 10 })).toHaveLength(1)
    state.close()
    const after = new Database(join(dir, '.tobs', 'state.db'), { readonly: true })
    expect(after.prepare('SELECT rowid, date FROM search_docs').all()).toEqual([{ rowid: 100 * 64, date: 100 }])
    after.close()
  })

  it('keeps terminal escapes and its own markers out of the index', () => {
    const state = vault()
    const index = state.search
    state.messages.put(msg(1, 1, 10, 'evil \u001b[31mred\u0001 text'))
    index.catchUp()
    const [hit] = index.search({ text: 'red', limit: 1 })
    expect(hit!.marked).not.toMatch(/\u001b/)
    expect(snippet(hit!.marked, 100, '[', ']')).toBe('evil [31m[red] text')
    state.close()
  })
})

describe('the queue of messages stored new', () => {
  const raw = (state: StateDb) => new Database(state.path, { readonly: true })
  const count = (state: StateDb, table: string): number => {
    const db = raw(state)
    try {
      return db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number
    } finally {
      db.close()
    }
  }
  const page = (state: StateDb, chat: number, from: number, to: number) => state.transaction(() => {
    for (let id = from; id <= to; id++) state.messages.put(msg(chat, id, 1000 + id, `page${chat}x${id}z`))
  })

  it('holds a row per page, not per message, and indexes exactly what was stored new', () => {
    const state = vault()
    const index = state.search
    page(state, 1, 1, 100)
    expect(count(state, 'search_pending_runs')).toBe(1)
    expect(count(state, 'search_pending')).toBe(0)
    expect(index.catchUp()).toBe(100)
    // a rerun over the last half of that page and past it: only the new half is queued
    page(state, 1, 51, 150)
    expect(count(state, 'search_pending_runs')).toBe(1)
    expect(index.catchUp()).toBe(50)
    // two chats in one transaction, a message stored outside any
    state.transaction(() => {
      for (const id of [1, 2, 3]) state.messages.put(msg(2, id, 5000 + id, `page2x${id}z`))
      state.messages.put(msg(1, 151, 5100, 'page1x151z'))
    })
    state.messages.put(msg(3, 9, 6000, 'page3x9z'))
    expect(count(state, 'search_pending_runs')).toBe(3)
    expect(index.pendingCount()).toBe(5)
    expect(index.catchUp()).toBe(5)
    for (const [chat, id] of [[1, 1], [1, 100], [1, 150], [1, 151], [2, 3], [3, 9]]) {
      expect(ids(index.search({ text: `page${chat}x${id}z`, limit: 5 }))).toEqual([`${chat}:${id}`])
    }
    expect(index.search({ text: 'page1x', chatId: 1, limit: 500 })).toHaveLength(151)
    state.close()
  })

  it('forgets what a rolled-back transaction stored, and keeps what the transaction around it stored', () => {
    const state = vault()
    const index = state.search
    expect(() => state.transaction(() => {
      page(state, 1, 1, 10)
      throw new Error('stopped')
    })).toThrow('stopped')
    expect(index.pendingCount()).toBe(0)
    state.transaction(() => {
      state.messages.put(msg(1, 20, 2000, 'outer before'))
      expect(() => state.transaction(() => {
        state.messages.put(msg(1, 21, 2001, 'inner rolled back'))
        throw new Error('inner')
      })).toThrow('inner')
      state.messages.put(msg(1, 22, 2002, 'outer after'))
    })
    expect(index.catchUp()).toBe(2)
    expect(ids(index.search({ text: 'outer', limit: 5 }))).toEqual(['1:22', '1:20'])
    expect(index.search({ text: 'inner', limit: 5 })).toEqual([])
    state.close()
  })

  it('takes over an index an older tobs made (schema 2: a trigger queued each insert), its queue included', () => {
    const dir = indexedVault('indexed before')
    // what an older tobs left: schema 2, the insert trigger, no runs table, a message it queued
    const old = new Database(join(dir, '.tobs', 'state.db'))
    old.exec(`UPDATE meta SET value = '2' WHERE key = 'schema';
      DROP TABLE search_pending_runs;
      CREATE TRIGGER search_on_insert AFTER INSERT ON messages BEGIN
        INSERT OR IGNORE INTO search_pending (chat_id, id) VALUES (new.chat_id, new.id); END;`)
    old.prepare('INSERT INTO messages (chat_id, id, topic_id, date, body) VALUES (1, 2, 0, 200, ?)')
      .run(JSON.stringify(msg(1, 2, 200, 'queued by the trigger')))
    expect(old.prepare('SELECT count(*) FROM search_pending').pluck().get()).toBe(1)
    old.close()

    const state = StateDb.open(dir)
    const db = raw(state)
    expect(db.prepare("SELECT value FROM meta WHERE key = 'schema'").pluck().get()).toBe(String(SCHEMA_VERSION))
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger' ORDER BY name").pluck().all())
      .toEqual(['search_on_delete', 'search_on_update'])
    db.close()
    page(state, 1, 3, 4)
    const index = state.search
    expect(index.catchUp()).toBe(3)
    expect(ids(index.search({ text: 'trigger', limit: 5 }))).toEqual(['1:2'])
    expect(ids(index.search({ text: 'page1x', limit: 5 }))).toEqual(['1:4', '1:3'])
    expect(ids(index.search({ text: 'indexed before', limit: 5 }))).toEqual(['1:1'])
    expect(count(state, 'search_pending') + count(state, 'search_pending_runs')).toBe(0)
    state.close()
  })
})

describe('snippet', () => {
  it('cuts around the first match on code point boundaries and closes a cut mark', () => {
    const long = `${'😀'.repeat(80)} \u0001match\u0002 ${'x'.repeat(200)}`
    const s = snippet(long, 40, '<', '>')
    expect(s.startsWith('…')).toBe(true)
    expect(s).toContain('<match>')
    expect(s.endsWith('…')).toBe(true)
    expect(s).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/)
    expect(snippet('ab\u0001cdef\u0002', 3, '<', '>')).toBe('…b<c>…')
  })
})
