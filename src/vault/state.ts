// The vault's state database (<vault>/.tobs/state.db): every exported message, losslessly, which id
// ranges are complete, which notes must be rewritten, and where media went. Notes are a projection
// of this database, so a crash at any instant is repaired by the next run.
import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Chat, Message, Topic } from '../model/types.ts'

const SCHEMA_VERSION = 1

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS chats (
  id INTEGER PRIMARY KEY, json TEXT NOT NULL, folder TEXT NOT NULL UNIQUE, username TEXT
);
CREATE TABLE IF NOT EXISTS topics (
  chat_id INTEGER NOT NULL, id INTEGER NOT NULL, json TEXT NOT NULL, folder TEXT NOT NULL,
  PRIMARY KEY (chat_id, id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS messages (
  chat_id INTEGER NOT NULL, id INTEGER NOT NULL, topic_id INTEGER NOT NULL, date INTEGER NOT NULL,
  json TEXT NOT NULL, PRIMARY KEY (chat_id, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS messages_by_period ON messages (chat_id, topic_id, date);
CREATE TABLE IF NOT EXISTS ranges (
  chat_id INTEGER NOT NULL, lo INTEGER NOT NULL, hi INTEGER NOT NULL, PRIMARY KEY (chat_id, lo)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS dirty (
  chat_id INTEGER NOT NULL, topic_id INTEGER NOT NULL, period TEXT NOT NULL,
  PRIMARY KEY (chat_id, topic_id, period)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS media (
  unique_id TEXT PRIMARY KEY, path TEXT, sha256 TEXT, size INTEGER, skipped TEXT
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS media_by_hash ON media (sha256);
CREATE TABLE IF NOT EXISTS notes (
  chat_id INTEGER NOT NULL, topic_id INTEGER NOT NULL, period TEXT NOT NULL,
  PRIMARY KEY (chat_id, topic_id, period)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS unlinked (
  chat_id INTEGER NOT NULL, topic_id INTEGER NOT NULL, period TEXT NOT NULL, target TEXT NOT NULL,
  PRIMARY KEY (chat_id, topic_id, period, target)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS placements (
  chat_id INTEGER NOT NULL, msg_id INTEGER NOT NULL, unique_id TEXT NOT NULL, path TEXT NOT NULL,
  PRIMARY KEY (chat_id, msg_id, unique_id)
) WITHOUT ROWID;
`

/** Thrown when the state file exists but is not a tobs database we can use. */
export class StateError extends Error {}

/** No topic: the chat's own timeline. Forum topics use their topic id (General = 1). */
export const NO_TOPIC = 0

export interface StoredChat { chat: Chat; folder: string }
export interface Range { lo: number; hi: number }

export class StateDb {
  readonly db: Database.Database
  /**
   * A second connection for long reads (a note streamed from its messages): an open iterator blocks
   * its connection, and pages keep arriving meanwhile. WAL lets this reader and the writer run together.
   */
  private readonly reader: Database.Database
  private readonly stmts
  private readonly reads

  constructor(readonly path: string) {
    try {
      this.db = new Database(path)
      this.db.pragma('journal_mode = WAL')
      // No fsync on each page: a killed process loses nothing (WAL), and checkpoint() makes the
      // database durable at the end of each chat. Syncing per page cost more than all else stored.
      this.db.pragma('synchronous = OFF')
      // memory stays flat however big the vault: small page caches, temporary tables on disk
      this.db.pragma('cache_size = -1024')
      this.db.pragma('temp_store = FILE')
      this.db.exec(SCHEMA)
      this.checkVersion()
      this.reader = new Database(path, { readonly: true })
      this.reader.pragma('cache_size = -1024')
    } catch (e) {
      if (e instanceof StateError) throw e
      throw new StateError(`state database ${path} is unreadable (${(e as Error).message}); move it away to start over`)
    }
    this.stmts = this.prepare()
    this.reads = {
      periodMessages: this.reader.prepare(`SELECT json FROM messages WHERE chat_id = ? AND topic_id = ? AND date >= ?
        AND date < ? ORDER BY id`),
      periodsOf: this.reader.prepare('SELECT topic_id, date FROM messages WHERE chat_id = ?'),
    }
  }

  static open(vaultDir: string): StateDb {
    const dir = join(vaultDir, '.tobs')
    mkdirSync(dir, { recursive: true })
    return new StateDb(join(dir, 'state.db'))
  }

  private checkVersion(): void {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get('schema') as { value: string } | undefined
    if (!row) this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('schema', String(SCHEMA_VERSION))
    else if (Number(row.value) !== SCHEMA_VERSION) {
      throw new StateError(`state database ${this.path} has schema ${row.value}, this tobs needs ${SCHEMA_VERSION}`)
    }
  }

  private prepare() {
    const db = this.db
    return {
      getChat: db.prepare('SELECT json, folder FROM chats WHERE id = ?'),
      folderTaken: db.prepare('SELECT id FROM chats WHERE folder = ?'),
      putChat: db.prepare(`INSERT INTO chats (id, json, folder, username) VALUES (?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET json = excluded.json, username = excluded.username`),
      chatByUsername: db.prepare('SELECT id FROM chats WHERE username = ? COLLATE NOCASE'),
      allChats: db.prepare('SELECT json, folder FROM chats ORDER BY id'),
      getTopic: db.prepare('SELECT json, folder FROM topics WHERE chat_id = ? AND id = ?'),
      topicFolderTaken: db.prepare('SELECT id FROM topics WHERE chat_id = ? AND folder = ?'),
      putTopic: db.prepare(`INSERT INTO topics (chat_id, id, json, folder) VALUES (?, ?, ?, ?)
        ON CONFLICT (chat_id, id) DO UPDATE SET json = excluded.json`),
      topics: db.prepare('SELECT json, folder FROM topics WHERE chat_id = ? ORDER BY id'),
      putMessage: db.prepare(`INSERT INTO messages (chat_id, id, topic_id, date, json) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (chat_id, id) DO UPDATE SET topic_id = excluded.topic_id, date = excluded.date, json = excluded.json`),
      getMessage: db.prepare('SELECT json FROM messages WHERE chat_id = ? AND id = ?'),
      locate: db.prepare('SELECT topic_id, date FROM messages WHERE chat_id = ? AND id = ?'),
      dateAtOrAfter: db.prepare('SELECT date FROM messages WHERE chat_id = ? AND id >= ? ORDER BY id LIMIT 1'),
      dateAtOrBefore: db.prepare('SELECT date FROM messages WHERE chat_id = ? AND id <= ? ORDER BY id DESC LIMIT 1'),
      deleteMessage: db.prepare('DELETE FROM messages WHERE chat_id = ? AND id = ?'),
      chatStats: db.prepare('SELECT count(*) AS n, min(id) AS lo, max(id) AS hi FROM messages WHERE chat_id = ?'),
      topicStats: db.prepare(`SELECT topic_id, count(*) AS n FROM messages WHERE chat_id = ? GROUP BY topic_id`),
      lastIds: db.prepare('SELECT id FROM messages WHERE chat_id = ? ORDER BY id DESC LIMIT ?'),
      ranges: db.prepare('SELECT lo, hi FROM ranges WHERE chat_id = ? ORDER BY lo'),
      clearRanges: db.prepare('DELETE FROM ranges WHERE chat_id = ?'),
      putRange: db.prepare('INSERT INTO ranges (chat_id, lo, hi) VALUES (?, ?, ?)'),
      markDirty: db.prepare('INSERT OR IGNORE INTO dirty (chat_id, topic_id, period) VALUES (?, ?, ?)'),
      dirty: db.prepare('SELECT topic_id, period FROM dirty WHERE chat_id = ? ORDER BY topic_id, period'),
      noteWritten: db.prepare('INSERT OR IGNORE INTO notes (chat_id, topic_id, period) VALUES (?, ?, ?)'),
      noteRemoved: db.prepare('DELETE FROM notes WHERE chat_id = ? AND topic_id = ? AND period = ?'),
      notesOf: db.prepare('SELECT topic_id, period FROM notes WHERE chat_id = ? ORDER BY topic_id, period'),
      clearNotes: db.prepare('DELETE FROM notes WHERE chat_id = ?'),
      clearChatUnlinked: db.prepare('DELETE FROM unlinked WHERE chat_id = ?'),
      clearDirty: db.prepare('DELETE FROM dirty WHERE chat_id = ?'),
      clean: db.prepare('DELETE FROM dirty WHERE chat_id = ? AND topic_id = ? AND period = ?'),
      clearUnlinked: db.prepare('DELETE FROM unlinked WHERE chat_id = ? AND topic_id = ? AND period = ?'),
      putUnlinked: db.prepare('INSERT OR IGNORE INTO unlinked (chat_id, topic_id, period, target) VALUES (?, ?, ?, ?)'),
      unlinkedOf: db.prepare('SELECT chat_id, topic_id, period, target FROM unlinked WHERE chat_id = ?'),
      unlinkedAll: db.prepare('SELECT chat_id, topic_id, period, target FROM unlinked'),
      getMedia: db.prepare('SELECT path, sha256, size, skipped FROM media WHERE unique_id = ?'),
      mediaByHash: db.prepare('SELECT path FROM media WHERE sha256 = ? AND path IS NOT NULL LIMIT 1'),
      placement: db.prepare('SELECT path FROM placements WHERE chat_id = ? AND msg_id = ? AND unique_id = ?'),
      place: db.prepare('INSERT OR REPLACE INTO placements (chat_id, msg_id, unique_id, path) VALUES (?, ?, ?, ?)'),
      putMedia: db.prepare(`INSERT INTO media (unique_id, path, sha256, size, skipped) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (unique_id) DO UPDATE SET path = excluded.path, sha256 = excluded.sha256, size = excluded.size,
        skipped = excluded.skipped`),
    }
  }

  close(): void {
    this.reader.close()
    this.db.close()
  }

  /** Flushes the log into the database file and syncs it: a point that survives a power cut. */
  checkpoint(): void {
    this.db.pragma('synchronous = FULL')
    this.db.pragma('wal_checkpoint(TRUNCATE)')
    this.db.pragma('synchronous = OFF')
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)()
  }

  // ---- chats and topics ----

  chat(id: number): StoredChat | undefined {
    const row = this.stmts.getChat.get(id) as { json: string; folder: string } | undefined
    return row && { chat: JSON.parse(row.json) as Chat, folder: row.folder }
  }

  chats(): StoredChat[] {
    return (this.stmts.allChats.all() as { json: string; folder: string }[]).map((r) => ({
      chat: JSON.parse(r.json) as Chat, folder: r.folder,
    }))
  }

  /** Saves a chat; its folder is chosen once and kept, so a renamed chat keeps its notes. */
  putChat(chat: Chat, wantedFolder: string): string {
    const known = this.chat(chat.id)
    const folder = known?.folder ?? this.freeName(wantedFolder, (f) => this.stmts.folderTaken.get(f) !== undefined)
    this.stmts.putChat.run(chat.id, JSON.stringify(chat), folder, chat.username ?? null)
    return folder
  }

  chatByUsername(username: string): number | undefined {
    return (this.stmts.chatByUsername.get(username) as { id: number } | undefined)?.id
  }

  topic(chatId: number, topicId: number): { topic: Topic; folder: string } | undefined {
    const row = this.stmts.getTopic.get(chatId, topicId) as { json: string; folder: string } | undefined
    return row && { topic: JSON.parse(row.json) as Topic, folder: row.folder }
  }

  topics(chatId: number): { topic: Topic; folder: string }[] {
    return (this.stmts.topics.all(chatId) as { json: string; folder: string }[]).map((r) => ({
      topic: JSON.parse(r.json) as Topic, folder: r.folder,
    }))
  }

  putTopic(chatId: number, topic: Topic, wantedFolder: string): string {
    const known = this.topic(chatId, topic.id)
    const folder = known?.folder
      ?? this.freeName(wantedFolder, (f) => this.stmts.topicFolderTaken.get(chatId, f) !== undefined)
    this.stmts.putTopic.run(chatId, topic.id, JSON.stringify(topic), folder)
    return folder
  }

  private freeName(wanted: string, taken: (name: string) => boolean): string {
    if (!taken(wanted)) return wanted
    for (let i = 2; ; i++) if (!taken(`${wanted} ${i}`)) return `${wanted} ${i}`
  }

  // ---- messages ----

  putMessage(m: Message, json = JSON.stringify(m)): void {
    this.stmts.putMessage.run(m.chatId, m.id, m.topicId ?? NO_TOPIC, m.date, json)
  }

  message(chatId: number, id: number): Message | undefined {
    const row = this.stmts.getMessage.get(chatId, id) as { json: string } | undefined
    return row && (JSON.parse(row.json) as Message)
  }

  /** Topic and date of a stored message, enough to find its note. */
  locate(chatId: number, id: number): { topicId: number; date: number } | undefined {
    const row = this.stmts.locate.get(chatId, id) as { topic_id: number; date: number } | undefined
    return row && { topicId: row.topic_id, date: row.date }
  }

  /** Date of the oldest stored message with id >= `id`. */
  dateAtOrAfter(chatId: number, id: number): number | undefined {
    return (this.stmts.dateAtOrAfter.get(chatId, id) as { date: number } | undefined)?.date
  }

  /** Date of the newest stored message with id <= `id`. */
  dateAtOrBefore(chatId: number, id: number): number | undefined {
    return (this.stmts.dateAtOrBefore.get(chatId, id) as { date: number } | undefined)?.date
  }

  deleteMessage(chatId: number, id: number): void {
    this.stmts.deleteMessage.run(chatId, id)
  }

  /** Messages of one note, ascending by id, streamed from disk. */
  *periodMessages(chatId: number, topicId: number, from: number, to: number): Generator<Message> {
    for (const row of this.reads.periodMessages.iterate(chatId, topicId, from, to) as Iterable<{ json: string }>) {
      yield JSON.parse(row.json) as Message
    }
  }

  chatStats(chatId: number): { count: number; firstId?: number; lastId?: number } {
    const r = this.stmts.chatStats.get(chatId) as { n: number; lo: number | null; hi: number | null }
    return { count: r.n, firstId: r.lo ?? undefined, lastId: r.hi ?? undefined }
  }

  topicCounts(chatId: number): Map<number, number> {
    const rows = this.stmts.topicStats.all(chatId) as { topic_id: number; n: number }[]
    return new Map(rows.map((r) => [r.topic_id, r.n]))
  }

  /** (topic, date) of every stored message of a chat, streamed: lets `render` rebuild every note. */
  *messageDates(chatId: number): Generator<{ topicId: number; date: number }> {
    for (const r of this.reads.periodsOf.iterate(chatId) as Iterable<{ topic_id: number; date: number }>) {
      yield { topicId: r.topic_id, date: r.date }
    }
  }

  lastIds(chatId: number, n: number): number[] {
    return (this.stmts.lastIds.all(chatId, n) as { id: number }[]).map((r) => r.id)
  }

  // ---- id ranges known to be complete ----

  ranges(chatId: number): Range[] {
    return this.stmts.ranges.all(chatId) as Range[]
  }

  /** Records that every existing id in [lo, hi] is stored, merging with touching ranges. */
  addRange(chatId: number, lo: number, hi: number): void {
    const merged = mergeRange(this.ranges(chatId), { lo, hi })
    this.stmts.clearRanges.run(chatId)
    for (const r of merged) this.stmts.putRange.run(chatId, r.lo, r.hi)
  }

  // ---- notes waiting to be (re)written ----

  markDirty(chatId: number, topicId: number, period: string): void {
    this.stmts.markDirty.run(chatId, topicId, period)
  }

  dirty(chatId: number): { topicId: number; period: string }[] {
    return (this.stmts.dirty.all(chatId) as { topic_id: number; period: string }[]).map((r) => ({
      topicId: r.topic_id, period: r.period,
    }))
  }

  /** The period notes that exist on disk, so index notes link exactly those. */
  noteWritten(chatId: number, topicId: number, period: string): void {
    this.stmts.noteWritten.run(chatId, topicId, period)
  }

  noteRemoved(chatId: number, topicId: number, period: string): void {
    this.stmts.noteRemoved.run(chatId, topicId, period)
  }

  notes(chatId: number): { topicId: number; period: string }[] {
    return (this.stmts.notesOf.all(chatId) as { topic_id: number; period: string }[]).map((r) => ({
      topicId: r.topic_id, period: r.period,
    }))
  }

  /** Forgets a chat's notes (they are about to be rebuilt), with the links they missed. */
  clearNotes(chatId: number): void {
    this.stmts.clearNotes.run(chatId)
    this.stmts.clearChatUnlinked.run(chatId)
  }

  clearDirty(chatId: number): void {
    this.stmts.clearDirty.run(chatId)
  }

  markClean(chatId: number, topicId: number, period: string): void {
    this.stmts.clean.run(chatId, topicId, period)
  }

  // ---- links a note could not make (their targets were not in the vault when it was written) ----

  /** Replaces what one note's links missed: `target` is `chat:message` or `@username`. */
  setUnlinked(chatId: number, topicId: number, period: string, targets: Iterable<string>): void {
    this.stmts.clearUnlinked.run(chatId, topicId, period)
    for (const t of targets) this.stmts.putUnlinked.run(chatId, topicId, period, t)
  }

  /** Missed link targets of one chat's notes, or of every chat's. */
  unlinked(chatId?: number): { chatId: number; topicId: number; period: string; target: string }[] {
    const rows = (chatId === undefined ? this.stmts.unlinkedAll.all() : this.stmts.unlinkedOf.all(chatId)) as
      { chat_id: number; topic_id: number; period: string; target: string }[]
    return rows.map((r) => ({ chatId: r.chat_id, topicId: r.topic_id, period: r.period, target: r.target }))
  }

  // ---- media ----

  media(uniqueId: string): { path?: string; sha256?: string; size?: number; skipped?: string } | undefined {
    const r = this.stmts.getMedia.get(uniqueId) as
      | { path: string | null; sha256: string | null; size: number | null; skipped: string | null }
      | undefined
    return r && {
      path: r.path ?? undefined, sha256: r.sha256 ?? undefined, size: r.size ?? undefined, skipped: r.skipped ?? undefined,
    }
  }

  mediaByHash(sha256: string): string | undefined {
    return (this.stmts.mediaByHash.get(sha256) as { path: string } | undefined)?.path
  }

  /** Where the file `uniqueId` of one message lies in the vault (every message has its own path). */
  placement(chatId: number, msgId: number, uniqueId: string): string | undefined {
    return (this.stmts.placement.get(chatId, msgId, uniqueId) as { path: string } | undefined)?.path
  }

  place(chatId: number, msgId: number, uniqueId: string, path: string): void {
    this.stmts.place.run(chatId, msgId, uniqueId, path)
  }

  putMedia(uniqueId: string, v: { path?: string; sha256?: string; size?: number; skipped?: string }): void {
    this.stmts.putMedia.run(uniqueId, v.path ?? null, v.sha256 ?? null, v.size ?? null, v.skipped ?? null)
  }
}

/** Adds r to sorted disjoint ranges, merging overlapping or adjacent ones. */
export function mergeRange(ranges: Range[], r: Range): Range[] {
  const out: Range[] = []
  let cur = { ...r }
  for (const x of ranges) {
    if (x.hi + 1 < cur.lo) out.push(x)
    else if (cur.hi + 1 < x.lo) {
      out.push(cur)
      cur = x
    } else cur = { lo: Math.min(x.lo, cur.lo), hi: Math.max(x.hi, cur.hi) }
  }
  out.push(cur)
  return out.sort((a, b) => a.lo - b.lo)
}
