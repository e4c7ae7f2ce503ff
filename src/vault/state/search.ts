// Full-text index of the stored messages (issue 15): SQLite FTS5 with the trigram tokenizer, so a
// query finds substrings in any script (Cyrillic, CJK with no spaces, words inside words).
// MessagesRepo queues what it stores new as runs of ids (search-queue.ts), triggers on `messages`
// queue every edit and deletion; catchUp() indexes the queue, so whatever writes messages (export,
// sync, refresh, convert) keeps the index current without knowing it exists. A vault exported
// before the index existed is queued whole on first open. A writer that holds the messages it
// stores may hand them to feed() instead (search-feed.ts: `tobs convert`), sparing the read back.
import type { Db } from '../database.ts'
import type { MessagesRepo } from './messages.ts'
import type { StoredBody } from './message-codec.ts'
import { SearchFeed } from './search-feed.ts'
import { DISPLACED_INDEX, PER_SECOND, SearchRows, searchableText, senderOf } from './search-rows.ts'
import { PhraseCheck, phraseQuery, TOKENIZE, trigramQuery, type Candidate } from './search-verify.ts'

export { searchableText } from './search-rows.ts'

/**
 * The index keeps which trigrams a message holds, not where (detail=none), and no per-message token
 * counts (columnsize=0: they serve ranking, and hits come newest first): FTS5 indexed a 100 MB
 * convert in 16 µs a message instead of 20, into half the pages. A query finds the messages holding
 * every trigram of its words, and each is checked for the words themselves (search-verify.ts).
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS search_pending (
  chat_id INTEGER NOT NULL, id INTEGER NOT NULL, PRIMARY KEY (chat_id, id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS search_docs (
  rowid INTEGER PRIMARY KEY, chat_id INTEGER NOT NULL, msg_id INTEGER NOT NULL, topic_id INTEGER NOT NULL,
  sender_id INTEGER, sender TEXT, date INTEGER NOT NULL, UNIQUE (chat_id, msg_id)
);
${DISPLACED_INDEX}
CREATE VIRTUAL TABLE IF NOT EXISTS search_text USING fts5(text, ${TOKENIZE}, detail = none, columnsize = 0);
CREATE TRIGGER IF NOT EXISTS search_on_update AFTER UPDATE ON messages BEGIN
  INSERT OR IGNORE INTO search_pending (chat_id, id) VALUES (new.chat_id, new.id); END;
CREATE TRIGGER IF NOT EXISTS search_on_delete AFTER DELETE ON messages BEGIN
  INSERT OR IGNORE INTO search_pending (chat_id, id) VALUES (old.chat_id, old.id); END;
`

/**
 * Messages indexed per transaction, and bytes of new index FTS5 gathers in memory before it writes
 * a segment (its default is 1 MB): a segment per commit, merged with the others later, so larger
 * ones mean less merging. Indexing a 100 MB convert (95k messages; alone, one run each): 2,000 and
 * 1 MB 40 µs a message, 5,000 and 8 MB 33-34 µs (+3 MB peak RSS), 10,000 and 8 MB 32-33 (+9 MB),
 * 20,000 and 8 MB 31 (+35 MB: the batch's rows are held at once) (issue 10).
 */
const BATCH = 5000
/** 16 MB: the feed's batches of 20,000 messages (search-feed.ts) fit, so each is one segment. */
const HASH_BYTES = 16 * 2 ** 20

/** A queued message: its index entry (if any) and its stored body (none: deleted). */
interface Pending { chat_id: number; id: number; old: number | null; body: StoredBody | null }

export interface SearchQuery {
  text: string
  chatId?: number
  /** sender id, @username or display name */
  from?: string
  /** unix seconds, inclusive */
  since?: number
  /** unix seconds, exclusive */
  until?: number
  limit: number
}

export interface SearchHit {
  chatId: number
  topicId: number
  msgId: number
  date: number
  sender?: string
  /** the message text with matches between \u0001 and \u0002 */
  marked: string
}

export class SearchRepo {
  private readonly stmts
  private readonly rows: SearchRows
  private readonly check = new PhraseCheck()
  #feed: SearchFeed | undefined

  /** Opens the index, creating it (and queueing every stored message) the first time. */
  constructor(private readonly db: Db, private readonly messages: MessagesRepo) {
    const existed = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'search_docs'").get() !== undefined
    const sql = (name: string) => db.prepare('SELECT sql FROM sqlite_master WHERE name = ?').pluck().get(name) as string | undefined
    const text = sql('search_text')
    // an index that kept positions (before issue 10's detail=none), or row ids of 2^20 a second (before
    // search-rows.ts's 2^6 and the docs' date), is built again, from the messages
    const outdated = existed && (!text?.includes('detail = none') || !sql('search_docs')?.includes('date INTEGER'))
    db.transaction(() => {
      if (outdated) db.exec('DROP TABLE IF EXISTS search_text; DROP TABLE search_docs')
      db.exec(SCHEMA)
      if (!existed || outdated) db.exec('INSERT OR IGNORE INTO search_pending (chat_id, id) SELECT chat_id, id FROM messages')
      messages.searchQueue.start()
      const hash = db.prepare("SELECT v FROM search_text_config WHERE k = 'hashsize'").pluck().get()
      if (hash !== HASH_BYTES) db.exec(`INSERT INTO search_text (search_text, rank) VALUES ('hashsize', ${HASH_BYTES})`)
    })()
    this.stmts = {
      // the runs of messages stored new, as queued messages (search-queue.ts)
      fromRuns: db.prepare(`INSERT OR IGNORE INTO search_pending (chat_id, id) SELECT m.chat_id, m.id
        FROM search_pending_runs r JOIN messages m ON m.chat_id = r.chat_id AND m.id BETWEEN r.lo AND r.hi`),
      dropRuns: db.prepare('DELETE FROM search_pending_runs'),
      // each queued message with its old entry and its body: one statement, not three, per message
      pending: db.prepare(`SELECT p.chat_id, p.id, d.rowid AS old, m.body FROM search_pending p
        LEFT JOIN search_docs d ON d.chat_id = p.chat_id AND d.msg_id = p.id
        LEFT JOIN messages m ON m.chat_id = p.chat_id AND m.id = p.id
        ORDER BY p.chat_id, p.id LIMIT ?`),
      pendingCount: db.prepare('SELECT count(*) AS n FROM search_pending'),
      done: db.prepare('DELETE FROM search_pending WHERE (chat_id, id) BETWEEN (?, ?) AND (?, ?)'),
    }
    this.rows = new SearchRows(db)
  }

  /**
   * Indexes messages handed over as they are stored (search-feed.ts) rather than queued: the queue
   * is read first, so the runs the feed deletes are only those of the pages it was given.
   */
  feed(batch?: number): SearchFeed {
    if (!this.#feed) {
      this.takeRuns()
      this.#feed = new SearchFeed(this.db, this.rows, batch)
    }
    return this.#feed
  }

  /** Messages written since the last catch-up, still to be indexed. */
  pendingCount(): number {
    this.takeRuns()
    return (this.stmts.pendingCount.get() as { n: number }).n
  }

  private takeRuns(): void {
    this.db.transaction(() => {
      this.stmts.fromRuns.run()
      this.stmts.dropRuns.run()
    })()
  }

  /**
   * Indexes every queued message (new, edited, deleted); returns how many were processed. A batch is
   * read, indexed and taken off the queue in one transaction: the rows it read are a range of the
   * queue's key, deleted at once (issue 10: 41 µs a message of a 100 MB convert went to indexing).
   */
  catchUp(onBatch?: (done: number) => void): number {
    // what the feed holds, first: its runs would be queued, and indexed a second time
    let done = this.#feed?.flush() ?? 0
    this.takeRuns()
    const batch = this.db.transaction(() => {
      const rows = this.stmts.pending.all(BATCH) as Pending[]
      for (const r of rows) this.reindex(r)
      const first = rows[0]
      const last = rows[rows.length - 1]
      if (first && last) this.stmts.done.run(first.chat_id, first.id, last.chat_id, last.id)
      return rows.length
    })
    for (;;) {
      const n = batch()
      if (!n) return done
      done += n
      onBatch?.(done)
    }
  }

  private reindex(r: Pending): void {
    if (r.old !== null) this.rows.drop(r.old)
    if (r.body === null) return
    const m = this.messages.codec.decode(r.body)
    const text = searchableText(m)
    if (text) this.rows.put(r.chat_id, r.id, m.topicId ?? 0, m.sender?.id ?? null, senderOf(m), m.date, text)
  }

  /**
   * Newest first. Terms of 3+ characters use the index, each candidate it finds checked for the
   * terms themselves; shorter ones filter what it found (or scan).
   */
  search(q: SearchQuery): SearchHit[] {
    const terms = q.text.split(/\s+/).filter(Boolean)
    const long = terms.filter((t) => [...t].length >= 3)
    const short = terms.filter((t) => [...t].length < 3)
    const where: string[] = []
    const args: unknown[] = []
    if (long.length) {
      where.push('search_text MATCH ?')
      args.push(trigramQuery(long))
    }
    for (const t of short) {
      where.push("f.text LIKE ? ESCAPE '\\'")
      args.push(`%${t.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
    }
    // a message lies at its second or, displaced from a full one, later (search-rows.ts)
    if (q.since !== undefined) { where.push('f.rowid >= ?', 'd.date >= ?'); args.push(q.since * PER_SECOND, q.since) }
    if (q.until !== undefined) { where.push('f.rowid < ?', 'd.date < ?'); args.push((q.until + this.rows.displaced()) * PER_SECOND, q.until) }
    if (q.chatId !== undefined) { where.push('d.chat_id = ?'); args.push(q.chatId) }
    if (q.from !== undefined) addSender(q.from, where, args)
    if (!where.length) return []
    const sql = `SELECT f.rowid AS rowid, d.chat_id, d.msg_id, d.topic_id, d.sender, d.date, f.text AS text
      FROM search_text f JOIN search_docs d ON d.rowid = f.rowid
      WHERE ${where.join(' AND ')} AND f.rowid < ? ORDER BY f.rowid DESC LIMIT ?`
    const page = this.db.prepare(sql)
    const exact = long.length ? phraseQuery(long) : undefined
    // candidates a page at a time, until `limit` of them hold the terms and no candidate left can be
    // newer (one lies at or after its second), or none are left; a page a little larger than what is
    // missing, growing when candidates fail (checking one costs ~25 µs)
    const hits: (SearchHit & { rowid: number })[] = []
    for (let below = Number.MAX_SAFE_INTEGER, size = q.limit + 8; ; size = Math.min(size * 2, 4000)) {
      const rows = page.all(...args, below, size) as (Candidate & {
        chat_id: number; msg_id: number; topic_id: number; sender: string | null; date: number
      })[]
      const marked = exact === undefined ? undefined : this.check.marked(rows, exact)
      for (const r of rows) {
        const m = marked ? marked.get(r.rowid) : markShort(r.text, short)
        if (m === undefined) continue
        hits.push({
          rowid: r.rowid, chatId: r.chat_id, topicId: r.topic_id, msgId: r.msg_id, date: r.date,
          sender: r.sender ?? undefined, marked: m,
        })
      }
      if (rows.length < size) break
      below = rows[rows.length - 1]!.rowid
      if (hits.length >= q.limit && Math.floor(below / PER_SECOND) <= kthNewest(hits, q.limit)) break
    }
    hits.sort((a, b) => b.date - a.date || b.rowid - a.rowid)
    return hits.slice(0, q.limit).map(({ rowid: _, ...h }) => h)
  }

  /** Frees the in-memory table that checks candidates; what the feed holds stays queued. */
  close(): void {
    this.#feed?.clear()
    this.check.close()
  }
}

/** The date of the k-th newest hit. */
function kthNewest(hits: { date: number }[], k: number): number {
  return hits.map((h) => h.date).sort((a, b) => b - a)[k - 1]!
}

function addSender(from: string, where: string[], args: unknown[]): void {
  if (/^-?\d+$/.test(from)) {
    where.push('d.sender_id = ?')
    args.push(Number(from))
  } else if (from.startsWith('@')) {
    where.push("(' ' || d.sender || ' ') LIKE ?")
    args.push(`% ${from} %`)
  } else {
    where.push('d.sender LIKE ?')
    args.push(`%${from}%`)
  }
}

function markShort(text: string, terms: string[]): string {
  let out = text
  for (const t of terms) {
    const at = out.indexOf(t)
    if (at >= 0) out = `${out.slice(0, at)}\u0001${t}\u0002${out.slice(at + t.length)}`
  }
  return out
}

/** A one-line excerpt of marked text around its first match, about `width` characters. */
export function snippet(marked: string, width = 100, open = '', close = ''): string {
  const chars = [...marked.replace(/\s+/g, ' ').trim()]
  const start = Math.max(0, chars.indexOf('\u0001') - Math.floor(width / 3))
  let cut = chars.slice(start, start + width).join('')
  // a cut may leave a mark unclosed, or a closing mark without its opening
  if (cut.split('\u0001').length > cut.split('\u0002').length) cut += '\u0002'
  cut = cut.replace(/^([^\u0001]*)\u0002/, '$1')
  const text = (start > 0 ? '…' : '') + cut + (start + width < chars.length ? '…' : '')
  return text.replaceAll('\u0001', open).replaceAll('\u0002', close)
}
