// Period notes: which exist on disk, which must be (re)written, and which links they could not make
// yet (their targets were not in the vault when they were written).
import type { Db } from '../database.ts'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS dirty (
  chat_id INTEGER NOT NULL, topic_id INTEGER NOT NULL, period TEXT NOT NULL,
  PRIMARY KEY (chat_id, topic_id, period)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS notes (
  chat_id INTEGER NOT NULL, topic_id INTEGER NOT NULL, period TEXT NOT NULL,
  PRIMARY KEY (chat_id, topic_id, period)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS unlinked (
  chat_id INTEGER NOT NULL, topic_id INTEGER NOT NULL, period TEXT NOT NULL, target TEXT NOT NULL,
  PRIMARY KEY (chat_id, topic_id, period, target)
) WITHOUT ROWID;
`

export interface NoteKey { topicId: number; period: string }
export interface Unlinked { chatId: number; topicId: number; period: string; target: string }

type Row = { topic_id: number; period: string }
const toKey = (r: Row): NoteKey => ({ topicId: r.topic_id, period: r.period })

export class NotesRepo {
  private readonly q

  constructor(db: Db) {
    db.exec(SCHEMA)
    this.q = {
      markDirty: db.prepare('INSERT OR IGNORE INTO dirty (chat_id, topic_id, period) VALUES (?, ?, ?)'),
      dirty: db.prepare('SELECT topic_id, period FROM dirty WHERE chat_id = ? ORDER BY topic_id, period'),
      clean: db.prepare('DELETE FROM dirty WHERE chat_id = ? AND topic_id = ? AND period = ?'),
      clearDirty: db.prepare('DELETE FROM dirty WHERE chat_id = ?'),
      written: db.prepare('INSERT OR IGNORE INTO notes (chat_id, topic_id, period) VALUES (?, ?, ?)'),
      removed: db.prepare('DELETE FROM notes WHERE chat_id = ? AND topic_id = ? AND period = ?'),
      of: db.prepare('SELECT topic_id, period FROM notes WHERE chat_id = ? ORDER BY topic_id, period'),
      clear: db.prepare('DELETE FROM notes WHERE chat_id = ?'),
      clearChatUnlinked: db.prepare('DELETE FROM unlinked WHERE chat_id = ?'),
      clearUnlinked: db.prepare('DELETE FROM unlinked WHERE chat_id = ? AND topic_id = ? AND period = ?'),
      putUnlinked: db.prepare('INSERT OR IGNORE INTO unlinked (chat_id, topic_id, period, target) VALUES (?, ?, ?, ?)'),
      unlinkedOf: db.prepare('SELECT chat_id, topic_id, period, target FROM unlinked WHERE chat_id = ?'),
      unlinkedAll: db.prepare('SELECT chat_id, topic_id, period, target FROM unlinked'),
    }
  }

  markDirty(chatId: number, topicId: number, period: string): void {
    this.q.markDirty.run(chatId, topicId, period)
  }

  dirty(chatId: number): NoteKey[] {
    return (this.q.dirty.all(chatId) as Row[]).map(toKey)
  }

  markClean(chatId: number, topicId: number, period: string): void {
    this.q.clean.run(chatId, topicId, period)
  }

  clearDirty(chatId: number): void {
    this.q.clearDirty.run(chatId)
  }

  /** The period notes that exist on disk, so index notes link exactly those. */
  written(chatId: number, topicId: number, period: string): void {
    this.q.written.run(chatId, topicId, period)
  }

  removed(chatId: number, topicId: number, period: string): void {
    this.q.removed.run(chatId, topicId, period)
  }

  of(chatId: number): NoteKey[] {
    return (this.q.of.all(chatId) as Row[]).map(toKey)
  }

  /** Forgets a chat's notes (they are about to be rebuilt), with the links they missed. */
  clear(chatId: number): void {
    this.q.clear.run(chatId)
    this.q.clearChatUnlinked.run(chatId)
  }

  /** Replaces what one note's links missed: `target` is `chat:message` or `@username`. */
  setUnlinked(chatId: number, topicId: number, period: string, targets: Iterable<string>): void {
    this.q.clearUnlinked.run(chatId, topicId, period)
    for (const t of targets) this.q.putUnlinked.run(chatId, topicId, period, t)
  }

  /** Missed link targets of one chat's notes, or of every chat's. */
  unlinked(chatId?: number): Unlinked[] {
    const rows = (chatId === undefined ? this.q.unlinkedAll.all() : this.q.unlinkedOf.all(chatId)) as
      { chat_id: number; topic_id: number; period: string; target: string }[]
    return rows.map((r) => ({ chatId: r.chat_id, topicId: r.topic_id, period: r.period, target: r.target }))
  }
}
