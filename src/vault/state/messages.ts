// Every exported message, losslessly (model/Message in the compact encoding of message-codec.ts),
// keyed by chat and id, findable by the period note it belongs to.
import type { Message } from '../../model/types.ts'
import type { Db } from '../database.ts'
import { MessageCodec, type StoredBody } from './message-codec.ts'
import { SearchQueue } from './search-queue.ts'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS messages (
  chat_id INTEGER NOT NULL, id INTEGER NOT NULL, topic_id INTEGER NOT NULL, date INTEGER NOT NULL,
  body NOT NULL, PRIMARY KEY (chat_id, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS messages_by_period ON messages (chat_id, topic_id, date);
`

// The period index is topic first: a topic's period is one seek, its count one range. In a forum it
// costs ~1.5 µs of a ~4 µs insert and 16 of the 31 WAL frames a 100-message page commits (eight
// shards times the topics are that many places entries go, each leaf splitting into its siblings);
// one in date order costs 0.8 µs less but makes every topic's read walk all topics' entries of those
// dates (bench/README.md, the store lane's third session).

/** No topic: the chat's own timeline. Forum topics use their topic id (General = 1). */
export const NO_TOPIC = 0

export class MessagesRepo {
  private readonly q
  /** long reads go through the reader connection, so pages can be stored while a note streams */
  private readonly r
  readonly codec: MessageCodec
  /** the messages stored new that the full-text index has still to read */
  readonly searchQueue: SearchQueue
  /** whether rows of an earlier encoding may be here (a vault migrated from schema 3 or before) */
  private readonly olderBodies: boolean

  constructor(db: Db, reader: () => Db) {
    db.exec(SCHEMA)
    this.codec = new MessageCodec(db)
    this.searchQueue = new SearchQueue(db)
    this.olderBodies = db.prepare("SELECT 1 FROM meta WHERE key = 'older bodies'").get() !== undefined
    this.q = {
      insert: db.prepare(`INSERT INTO messages (chat_id, id, topic_id, date, body) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (chat_id, id) DO NOTHING`),
      // only a row whose content differs: an unchanged one is left alone (and its note stays fresh)
      update: db.prepare('UPDATE messages SET topic_id = ?, date = ?, body = ? WHERE chat_id = ? AND id = ? AND body IS NOT ?'),
      get: db.prepare('SELECT body FROM messages WHERE chat_id = ? AND id = ?').pluck(),
      countIn: db.prepare('SELECT count(*) AS n FROM messages WHERE chat_id = ? AND topic_id = ? AND date >= ? AND date < ?'),
      locate: db.prepare('SELECT topic_id, date FROM messages WHERE chat_id = ? AND id = ?'),
      atOrAfter: db.prepare('SELECT id, date FROM messages WHERE chat_id = ? AND id >= ? ORDER BY id LIMIT 1'),
      atOrBefore: db.prepare('SELECT id, date FROM messages WHERE chat_id = ? AND id <= ? ORDER BY id DESC LIMIT 1'),
      firstDateFrom: db.prepare('SELECT min(date) FROM messages WHERE chat_id = ? AND topic_id = ? AND date >= ?').pluck(),
      delete: db.prepare('DELETE FROM messages WHERE chat_id = ? AND id = ?'),
      stats: db.prepare('SELECT count(*) AS n, min(id) AS lo, max(id) AS hi FROM messages WHERE chat_id = ?'),
      topicStats: db.prepare('SELECT topic_id, count(*) AS n, min(id) AS lo, max(id) AS hi FROM messages WHERE chat_id = ? GROUP BY topic_id'),
      lastIds: db.prepare('SELECT id FROM messages WHERE chat_id = ? ORDER BY id DESC LIMIT ?'),
      page: db.prepare('SELECT body FROM messages WHERE chat_id = ? AND id > ? ORDER BY id LIMIT ?').pluck(),
    }
    const rd = reader()
    this.r = {
      ofPeriod: rd.prepare(`SELECT body FROM messages WHERE chat_id = ? AND topic_id = ? AND date >= ?
        AND date < ? ORDER BY id`).pluck(),
      span: rd.prepare(`SELECT count(*) AS n, min(id) AS lo, max(id) AS hi FROM messages WHERE chat_id = ? AND topic_id = ?
        AND date >= ? AND date < ?`),
      // +: the primary key's order, not the period index and a sort of every body (into a temporary file)
      ofIds: rd.prepare(`SELECT body FROM messages WHERE chat_id = ? AND id >= ? AND id <= ? AND +topic_id = ?
        AND +date >= ? AND +date < ? ORDER BY id`).pluck(),
    }
  }

  /**
   * Stores a message (as `body` when the caller encoded it already); says whether it was new,
   * replaced a different version, or was stored as it is already.
   */
  put(m: Message, body = this.codec.encode(m)): 'new' | 'changed' | 'same' {
    const topicId = m.topicId ?? NO_TOPIC
    if (this.q.insert.run(m.chatId, m.id, topicId, m.date, body).changes) {
      this.searchQueue.added(m.chatId, m.id)
      return 'new'
    }
    this.searchQueue.passed()
    if (this.olderBodies && this.storedOlder(m)) {
      this.q.update.run(topicId, m.date, body, m.chatId, m.id, body)
      return 'same'
    }
    return this.q.update.run(topicId, m.date, body, m.chatId, m.id, body).changes ? 'changed' : 'same'
  }

  /**
   * Whether the stored copy of `m` is `m` in an earlier encoding: its bytes differ from what encode
   * writes now, its content does not (JSON text, as a refresh compares them).
   */
  private storedOlder(m: Message): boolean {
    const old = this.q.get.get(m.chatId, m.id) as StoredBody
    return MessageCodec.older(old) && JSON.stringify(this.codec.decode(old)) === JSON.stringify(m)
  }

  get(chatId: number, id: number): Message | undefined {
    const body = this.q.get.get(chatId, id) as StoredBody | undefined
    return body === undefined ? undefined : this.codec.decode(body)
  }

  /** Topic and date of a stored message, enough to find its note. */
  locate(chatId: number, id: number): { topicId: number; date: number } | undefined {
    const row = this.q.locate.get(chatId, id) as { topic_id: number; date: number } | undefined
    return row && { topicId: row.topic_id, date: row.date }
  }

  /** Id and date of the oldest stored message with id >= `id`. */
  atOrAfter(chatId: number, id: number): { id: number; date: number } | undefined {
    return this.q.atOrAfter.get(chatId, id) as { id: number; date: number } | undefined
  }

  /** Id and date of the newest stored message with id <= `id`. */
  atOrBefore(chatId: number, id: number): { id: number; date: number } | undefined {
    return this.q.atOrBefore.get(chatId, id) as { id: number; date: number } | undefined
  }

  /** Date of the oldest message of a chat's topic sent at or after `from` (one index seek). */
  firstDateFrom(chatId: number, topicId: number, from: number): number | undefined {
    return (this.q.firstDateFrom.get(chatId, topicId, from) as number | null) ?? undefined
  }

  delete(chatId: number, id: number): void {
    this.q.delete.run(chatId, id)
  }

  /** Messages of one note, ascending by id, streamed from disk. */
  *ofPeriod(chatId: number, topicId: number, from: number, to: number): Generator<Message> {
    const span = this.r.span.get(chatId, topicId, from, to) as { n: number; lo: number; hi: number }
    if (!span.n) return
    // ids rise with dates, so a period is mostly one run of ids: read in key order, passing over at
    // most as many rows of other topics as it holds; else through the period index and a sort
    const rows = span.hi - span.lo < 2 * span.n
      ? this.r.ofIds.iterate(chatId, span.lo, span.hi, topicId, from, to)
      : this.r.ofPeriod.iterate(chatId, topicId, from, to)
    for (const body of rows as Iterable<StoredBody>) yield this.codec.decode(body)
  }

  /** Up to `limit` messages with id > `afterId`, ascending: a chat read page by page. */
  page(chatId: number, afterId: number, limit: number): Message[] {
    return (this.q.page.all(chatId, afterId, limit) as StoredBody[]).map((b) => this.codec.decode(b))
  }

  stats(chatId: number): { count: number; firstId?: number; lastId?: number } {
    const r = this.q.stats.get(chatId) as { n: number; lo: number | null; hi: number | null }
    return { count: r.n, firstId: r.lo ?? undefined, lastId: r.hi ?? undefined }
  }

  /** How many messages of a chat's topic lie in [from, to): the count an index note shows per note. */
  countIn(chatId: number, topicId: number, from: number, to: number): number {
    return (this.q.countIn.get(chatId, topicId, from, to) as { n: number }).n
  }

  topicCounts(chatId: number): Map<number, number> {
    return new Map([...this.topicStats(chatId)].map(([t, st]) => [t, st.count]))
  }

  /** Count, first and last id of each topic of a chat (index notes of topics carry them). */
  topicStats(chatId: number): Map<number, { count: number; firstId: number; lastId: number }> {
    const rows = this.q.topicStats.all(chatId) as { topic_id: number; n: number; lo: number; hi: number }[]
    return new Map(rows.map((r) => [r.topic_id, { count: r.n, firstId: r.lo, lastId: r.hi }]))
  }

  lastIds(chatId: number, n: number): number[] {
    return (this.q.lastIds.all(chatId, n) as { id: number }[]).map((r) => r.id)
  }
}
