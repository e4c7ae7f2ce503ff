// The rows of one message in the full-text index (search.ts): its doc (chat, id, topic, sender) and
// its text, under a row id that orders the index by date. The catch-up that reads queued messages
// back and the feed that indexes them from memory (search-feed.ts) both write through this.
import type { Message } from '../../model/types.ts'
import type { Db } from '../database.ts'

/**
 * Row ids are `date * 2^6 + n`: ascending row id is ascending date, so FTS5 answers "newest first,
 * limit 20" by walking its doclists backwards and stopping early, and --since/--until are row id
 * ranges. 64 messages of the vault share a second; one more goes to the first free row id of the
 * seconds after it (its doc keeps its date: search.ts widens --until by the largest such step and
 * ranks hits by date). FTS5 keeps row ids as differences, in bytes of 7 bits: with 2^20 a second (until
 * issue 10) they took 4-5 bytes where these take 2-3, so the 100 MB convert's index is 17.4 MB, not
 * 34.6, and FTS5 inserts its texts in 11.4-11.6 µs a message, not 13.6 (one run each, load ~10).
 */
export const PER_SECOND = 2 ** 6

/** The docs of messages that lie past their second (a full one): few or none, so this index is tiny. */
export const DISPLACED_INDEX = `CREATE INDEX IF NOT EXISTS search_docs_displaced ON search_docs (date) WHERE rowid >= (date + 1) * ${PER_SECOND};`

/** Text and sender as strings, or as their UTF-8 bytes (the feed keeps them outside the JS heap). */
export type Utf8 = string | Uint8Array

export class SearchRows {
  private readonly stmts

  constructor(db: Db) {
    // CAST: bytes given as a blob are stored and indexed as the text they encode
    const doc = `INSERT INTO search_docs (rowid, chat_id, msg_id, topic_id, sender_id, sender, date)
      VALUES (?, ?, ?, ?, ?, CAST(? AS TEXT), ?)`
    this.stmts = {
      // the first message of its second takes the second's first row id: one statement, not a
      // look-up of the second's last row id before each insert (2 µs a message of a convert)
      tryDoc: db.prepare(`${doc} ON CONFLICT DO NOTHING`),
      putDoc: db.prepare(doc),
      lastInSecond: db.prepare('SELECT max(rowid) FROM search_docs WHERE rowid >= ? AND rowid < ?').pluck(),
      displaced: db.prepare(`SELECT max(rowid / ${PER_SECOND} - date) FROM search_docs WHERE rowid >= (date + 1) * ${PER_SECOND}`).pluck(),
      rowOf: db.prepare('SELECT rowid FROM search_docs WHERE chat_id = ? AND msg_id = ?').pluck(),
      dropDoc: db.prepare('DELETE FROM search_docs WHERE rowid = ?'),
      putText: db.prepare('INSERT INTO search_text (rowid, text) VALUES (?, CAST(? AS TEXT))'),
      dropText: db.prepare('DELETE FROM search_text WHERE rowid = ?'),
    }
  }

  /** Indexes a message under a free row id of its second, replacing the entry it had. */
  put(chatId: number, id: number, topicId: number, senderId: number | null, sender: Utf8 | null, date: number, text: Utf8): void {
    let rowid = date * PER_SECOND
    if (this.stmts.tryDoc.run(rowid, chatId, id, topicId, senderId, sender, date).changes === 0) {
      // an entry of its own (stored again since it was indexed, not caught up yet) or a second's first row taken
      const old = this.stmts.rowOf.get(chatId, id) as number | undefined
      if (old !== undefined) {
        this.drop(old)
        this.put(chatId, id, topicId, senderId, sender, date, text)
        return
      }
      rowid = this.free(date)
      this.stmts.putDoc.run(rowid, chatId, id, topicId, senderId, sender, date)
    }
    this.stmts.putText.run(rowid, text)
  }

  /** The first free row id after the last one taken in second `date`, or in the first second after it with room. */
  private free(date: number): number {
    for (let s = date; ; s++) {
      const last = this.stmts.lastInSecond.get(s * PER_SECOND, (s + 1) * PER_SECOND) as number | null
      if (last === null) return s * PER_SECOND
      if (last + 1 < (s + 1) * PER_SECOND) return last + 1
    }
  }

  /** How many seconds past its own the most displaced message lies (0: none is). */
  displaced(): number {
    return (this.stmts.displaced.get() as number | null) ?? 0
  }

  drop(rowid: number): void {
    this.stmts.dropText.run(rowid)
    this.stmts.dropDoc.run(rowid)
  }
}

/** Who sent a message, as the index finds it by --from: the name and @username, or the signature. */
export function senderOf(m: Message): string | null {
  const sender = m.sender ? [m.sender.name, m.sender.username ? `@${m.sender.username}` : ''].join(' ').trim() : m.signature
  return sender ?? null
}

/** What a reader would search for in a message: its text and the words its media carries. */
export function searchableText(m: Message): string {
  const parts = [m.text]
  const media = m.media
  if (media?.type === 'poll') parts.push(media.question.text, ...media.answers.map((a) => a.text.text))
  else if (media?.type === 'file') parts.push(media.file.title ?? '', media.file.performer ?? '', media.file.name)
  else if (media?.type === 'webpage') parts.push(media.title ?? '', media.description ?? '')
  else if (media?.type === 'venue') parts.push(media.title, media.address)
  else if (media?.type === 'todo') parts.push(media.title.text, ...media.items.map((i) => i.title.text))
  if (m.service?.title) parts.push(m.service.title)
  // control characters never reach the index: snippets mark matches with \u0001/\u0002, and a
  // terminal must not receive escape sequences from a message
  return parts.filter(Boolean).join('\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, ' ')
}
