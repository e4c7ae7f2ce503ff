import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import type { Message } from '../../model/types.ts'
import { StateDb } from '../state.ts'
import { SCHEMA_VERSION } from '../database.ts'
import { makeOlder } from '../../../test/older-bodies.ts'
import { MARK } from './tagged-body.ts'

const tmp = () => mkdtempSync(join(tmpdir(), 'tobs-codec-'))

const rich = (id: number, text: string): Message => ({
  id, chatId: 7, date: 1_700_000_000 + id, text, entities: [{ type: 'bold', offset: 0, length: 1 }],
  sender: { id: 5, kind: 'user', name: 'Ann', username: 'ann' }, replyTo: { messageId: id - 1 },
  reactions: [{ emoji: '👍', count: 2 }], media: { type: 'file', file: { kind: 'photo', uniqueId: `u${id}`, name: 'p.jpg', size: 2 ** 40 } },
})

describe('stored message encoding', () => {
  it('round-trips messages exactly, in a fraction of their JSON, and another connection reads them', () => {
    const dir = tmp()
    const db = StateDb.open(dir)
    const all = Array.from({ length: 200 }, (_, i) => rich(i + 1, `message ${i} привет 😀`))
    db.transaction(() => { for (const m of all) db.messages.put(m) })
    for (const m of all) expect(JSON.stringify(db.messages.get(7, m.id))).toBe(JSON.stringify(m))
    expect([...db.messages.ofPeriod(7, 0, 0, 2 ** 31)].map((m) => JSON.stringify(m))).toEqual(all.map((m) => JSON.stringify(m)))
    const raw = new Database(join(dir, '.tobs', 'state.db'), { readonly: true })
    const bytes = raw.prepare('SELECT sum(length(body)) FROM messages').pluck().get() as number
    expect(bytes).toBeLessThan(0.6 * all.reduce((n, m) => n + Buffer.byteLength(JSON.stringify(m)), 0))
    expect(raw.prepare('SELECT typeof(body) FROM messages LIMIT 1').pluck().get()).toBe('blob')
    expect(raw.prepare('SELECT count(*) FROM messages WHERE substr(body, 1, 1) = ?').pluck().get(Buffer.from([MARK]))).toBe(200)
    raw.close()
    db.close()
    // a fresh process: the shapes come from the database
    const again = StateDb.open(dir)
    expect(again.messages.get(7, 100)).toEqual(all[99])
    again.close()
  })

  it('keeps a lone surrogate (UTF-8 cannot carry it) and a real U+FFFD, in the compact form', () => {
    const dir = tmp()
    const db = StateDb.open(dir)
    const odd = rich(1, 'half an emoji \ud83d and more')
    const replaced = rich(2, 'a byte Telegram could not read: \ufffd')
    db.messages.put(replaced)
    expect(db.messages.get(7, 2)!.text).toBe(replaced.text)
    db.messages.put(odd)
    expect(db.messages.get(7, 1)!.text).toBe(odd.text)
    db.close()
    const raw = new Database(join(dir, '.tobs', 'state.db'), { readonly: true })
    expect(raw.prepare('SELECT typeof(body) FROM messages').pluck().all()).toEqual(['blob', 'blob'])
    raw.close()
  })

  it('stores what the compact form refuses as MessagePack, and reads it back', () => {
    const db = StateDb.open(tmp())
    const odd = { ...rich(1, 'x'), when: new Date(1_700_000_000_000) }
    db.messages.put(odd)
    expect(db.messages.get(7, 1)).toEqual(odd)
    expect(db.messages.get(7, 1)!).toHaveProperty('when', new Date(1_700_000_000_000))
    db.close()
  })

  it('forgets the shapes of a rolled-back transaction, so later rows stay readable in a new process', () => {
    const dir = tmp()
    const db = StateDb.open(dir)
    expect(() => db.transaction(() => {
      db.messages.put({ id: 1, chatId: 7, date: 1, text: 'a', entities: [], signature: 'new shape' })
      throw new Error('disk full')
    })).toThrow('disk full')
    db.messages.put({ id: 2, chatId: 7, date: 2, text: 'b', entities: [], signature: 'same shape again' })
    db.close()
    const again = StateDb.open(dir)
    expect(again.messages.get(7, 1)).toBeUndefined()
    expect(again.messages.get(7, 2)?.signature).toBe('same shape again')
    again.close()
  })

  it('reads a vault written with JSON rows (schema 1) after migrating it, and writes compactly beside them', () => {
    const dir = tmp()
    const path = join(dir, '.tobs', 'state.db')
    StateDb.open(dir).close()
    const old = new Database(path)
    old.exec(`DROP TABLE messages; DROP TABLE message_shapes;
      CREATE TABLE messages (chat_id INTEGER NOT NULL, id INTEGER NOT NULL, topic_id INTEGER NOT NULL, date INTEGER NOT NULL,
        json TEXT NOT NULL, PRIMARY KEY (chat_id, id)) WITHOUT ROWID;
      CREATE INDEX messages_by_period ON messages (chat_id, topic_id, date);
      UPDATE meta SET value = '1' WHERE key = 'schema'`)
    const before = rich(1, 'written by an older tobs')
    old.prepare('INSERT INTO messages VALUES (7, 1, 0, ?, ?)').run(before.date, JSON.stringify(before))
    old.close()
    const db = StateDb.open(dir)
    expect(db.messages.get(7, 1)).toEqual(before)
    db.messages.put(rich(2, 'written now'))
    expect(db.messages.page(7, 0, 10).map((m) => m.text)).toEqual(['written by an older tobs', 'written now'])
    db.search.catchUp()
    expect(db.search.search({ text: 'older', limit: 5 }).map((h) => h.msgId)).toEqual([1])
    db.close()
    const raw = new Database(path, { readonly: true })
    expect(raw.prepare("SELECT value FROM meta WHERE key = 'schema'").pluck().get()).toBe(String(SCHEMA_VERSION))
    expect(raw.prepare('SELECT typeof(body) FROM messages ORDER BY id').pluck().all()).toEqual(['text', 'blob'])
    raw.close()
  })

  it('reads a vault of schema 3 (msgpackr rows with shared shapes, JSON rows), and storing a message again compares content, not bytes', () => {
    const dir = tmp()
    const all = Array.from({ length: 50 }, (_, i) => rich(i + 1, `older ${i} 😀`))
    let db = StateDb.open(dir)
    db.transaction(() => { for (const m of all) db.messages.put(m) })
    db.close()
    expect(makeOlder(dir, 5)).toBe(50)
    const raw = new Database(join(dir, '.tobs', 'state.db'), { readonly: true })
    expect(raw.prepare('SELECT typeof(body), count(*) FROM messages GROUP BY 1 ORDER BY 1').raw().all()).toEqual([['blob', 40], ['text', 10]])
    expect(raw.prepare('SELECT count(*) FROM messages WHERE substr(body, 1, 1) = ?').pluck().get(Buffer.from([MARK]))).toBe(0)
    raw.close()
    db = StateDb.open(dir)
    expect([...db.messages.ofPeriod(7, 0, 0, 2 ** 31)]).toEqual(all)
    // the same message again: the same, though its bytes differ; it is now stored in the compact form
    expect(db.messages.put(all[0]!)).toBe('same')
    expect(db.messages.put(all[1]!)).toBe('same')
    expect(db.messages.put(all[1]!)).toBe('same')
    expect(db.messages.put({ ...all[2]!, text: 'edited' })).toBe('changed')
    expect(db.messages.put({ ...all[2]!, text: 'edited' })).toBe('same')
    expect(db.messages.get(7, 3)!.text).toBe('edited')
    expect(db.messages.get(7, 1)).toEqual(all[0])
    db.close()
    const after = new Database(join(dir, '.tobs', 'state.db'), { readonly: true })
    expect(after.prepare("SELECT value FROM meta WHERE key = 'schema'").pluck().get()).toBe(String(SCHEMA_VERSION))
    expect(after.prepare('SELECT id FROM messages WHERE substr(body, 1, 1) = ? ORDER BY id').pluck().all(Buffer.from([MARK]))).toEqual([1, 2, 3])
    after.close()
  })

  it('an older tobs (schema 3) refuses a vault with compact rows instead of misreading them', () => {
    const dir = tmp()
    StateDb.open(dir).close()
    const raw = new Database(join(dir, '.tobs', 'state.db'), { readonly: true })
    expect(Number(raw.prepare("SELECT value FROM meta WHERE key = 'schema'").pluck().get())).toBeGreaterThan(3)
    raw.close()
  })
})
