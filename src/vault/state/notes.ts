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
/** The order of the dirty query (ORDER BY topic_id, period; periods are ASCII, so code units sort as bytes). */
const byNote = (a: NoteKey, b: NoteKey): number => a.topicId - b.topicId || (a.period < b.period ? -1 : a.period > b.period ? 1 : 0)

/** Where `key` is, or goes, in `sorted` (by byNote). */
function place(sorted: NoteKey[], key: NoteKey): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (byNote(sorted[mid]!, key) < 0) lo = mid + 1
    else hi = mid
  }
  return lo
}

export class NotesRepo {
  private readonly q
  /**
   * Per chat, its dirty notes as the table holds them, kept up to date by markDirty and markClean
   * (by the rows they changed) once read: the note writer asks after every page, and reading and
   * mapping a 50k forum export's up to ~180 rows each time cost 113-121 µs a call (0.4-0.7 known);
   * and a note known dirty is not inserted again. Forgotten when a transaction rolls back
   * (StateDb.transaction), so it never holds a row the table lost.
   */
  private readonly dirtyOf = new Map<number, NoteKey[]>()

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

  /** Marks a note to be (re)written; one already known dirty costs no statement (a page marks each of its topics). */
  markDirty(chatId: number, topicId: number, period: string): void {
    const known = this.dirtyOf.get(chatId)
    const key = { topicId, period }
    const at = known ? place(known, key) : 0
    if (known && at < known.length && byNote(known[at]!, key) === 0) return
    if (this.q.markDirty.run(chatId, topicId, period).changes && known) known.splice(at, 0, key)
  }

  /** The chat's dirty notes by topic and period (a copy: the caller may mark them clean as it goes). */
  dirty(chatId: number): NoteKey[] {
    let known = this.dirtyOf.get(chatId)
    if (!known) this.dirtyOf.set(chatId, (known = (this.q.dirty.all(chatId) as Row[]).map(toKey)))
    return known.slice()
  }

  markClean(chatId: number, topicId: number, period: string): void {
    if (!this.q.clean.run(chatId, topicId, period).changes) return
    const known = this.dirtyOf.get(chatId)
    if (!known) return
    const at = place(known, { topicId, period })
    if (at < known.length && known[at]!.topicId === topicId && known[at]!.period === period) known.splice(at, 1)
  }

  clearDirty(chatId: number): void {
    this.q.clearDirty.run(chatId)
    this.dirtyOf.delete(chatId)
  }

  /** A transaction rolled back: what is known of the dirty notes may name rows that are gone. */
  forget(): void {
    this.dirtyOf.clear()
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
