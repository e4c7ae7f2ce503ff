// The full-text index fed from memory (issue 10): a writer that holds each page's messages stored new
// hands them here once their transaction committed, and they are indexed in batches, instead of
// being queued, read back from the messages table and decoded again (catchUp: ~25 µs a message of
// a 100 MB convert, FTS5's own insert ~15 of it). What a batch needs of a message (its text, sender
// and a few numbers) waits as UTF-8 bytes in one reused buffer, outside the JS heap: the messages
// themselves go as soon as their page is stored.
//
// Each page stored new messages under runs of the queue (search-queue.ts), so a run killed before
// its batch is indexed leaves them queued for the next catch-up; a batch deletes the runs of its
// pages in the transaction that indexes them.
import type { Message } from '../../model/types.ts'
import type { Db } from '../database.ts'
import { wellFormed } from '../utf8.ts'
import { searchableText, senderOf, type SearchRows } from './search-rows.ts'

/**
 * Messages indexed per transaction, and bytes of text a batch holds at most: FTS5 writes a segment at
 * each commit, and fewer, larger segments cost less to write and merge. Inserting the 100 MB convert's
 * texts into a fresh index (one run each, load ~9): 5,000 a transaction 14.8-15.5 µs a message,
 * 20,000 13.1, 40,000 11.6; the whole convert 20,000 ~3 µs less than 5,000 for +10 MB peak RSS, 40,000
 * no less again for +20 MB (issue 10). The held text is ~2.5 MB a batch here, outside the JS heap.
 */
const BATCH = 20_000
const BATCH_BYTES = 8 * 2 ** 20

/** Numbers kept per message: chat, id, topic, sender id (NaN: none), date, text start, text end, sender end (-1: none). */
const FIELDS = 8

export class SearchFeed {
  private bytes = Buffer.allocUnsafeSlow(BATCH_BYTES + 2 ** 20)
  private used = 0
  private nums = new Float64Array(FIELDS * 1024)
  private count = 0
  /** chat, first and last id of the messages each page stored new: their runs go when they are indexed */
  private pages: number[] = []
  /**
   * false once a page stored inside a transaction of its caller came (not committed yet, so not held
   * here): its runs may lie among those of held pages, so runs are no longer deleted, and the catch-up
   * indexes those messages a second time (replacing the entries) rather than missing any.
   */
  private exact = true
  /**
   * Text and sender of the messages whose strings hold a lone surrogate, by their place: the catch-up
   * hands SQLite such a string, which stores its WTF-8 bytes, where Buffer.write would put U+FFFD.
   */
  private readonly odd = new Map<number, [string, string | null]>()
  private readonly dropRuns

  constructor(private readonly db: Db, private readonly rows: SearchRows, private readonly batch = BATCH) {
    this.dropRuns = db.prepare('DELETE FROM search_pending_runs WHERE chat_id = ? AND lo >= ? AND hi <= ?')
  }

  /** The messages a page stored new, after its transaction committed. */
  add(messages: readonly Message[]): void {
    if (!messages.length) return
    if (this.db.inTransaction) {
      this.exact = false
      return
    }
    let chatId = NaN
    let lo = 0
    let hi = 0
    for (const m of messages) {
      this.hold(m)
      if (m.chatId !== chatId) {
        if (!Number.isNaN(chatId)) this.pages.push(chatId, lo, hi)
        chatId = m.chatId
        lo = hi = m.id
      }
      lo = Math.min(lo, m.id)
      hi = Math.max(hi, m.id)
    }
    this.pages.push(chatId, lo, hi)
    if (this.count >= this.batch || this.used >= BATCH_BYTES) this.flush()
  }

  /** Indexes what is held, in one transaction that also takes the runs of its pages off the queue; returns how many. */
  flush(): number {
    if (!this.pages.length) return 0
    const n = this.count
    this.db.transaction(() => {
      if (this.exact) for (let p = 0; p < this.pages.length; p += 3) this.dropRuns.run(this.pages[p], this.pages[p + 1], this.pages[p + 2])
      const v = this.nums
      for (let i = 0, k = 0; i < n; i++, k += FIELDS) {
        const senderEnd = v[k + 7]!
        const [text, sender] = this.odd.get(i)
          ?? [this.bytes.subarray(v[k + 5]!, v[k + 6]!), senderEnd < 0 ? null : this.bytes.subarray(v[k + 6]!, senderEnd)]
        this.rows.put(v[k]!, v[k + 1]!, v[k + 2]!, Number.isNaN(v[k + 3]) ? null : v[k + 3]!, sender, v[k + 4]!, text)
      }
    })()
    this.clear()
    return n
  }

  /** Forgets what is held (a stopped run): its messages stay queued. */
  clear(): void {
    this.used = 0
    this.count = 0
    this.pages = []
    this.odd.clear()
  }

  private hold(m: Message): void {
    const text = searchableText(m)
    if (!text) return
    const sender = senderOf(m)
    if (!wellFormed(text) || (sender !== null && !wellFormed(sender))) this.odd.set(this.count, [text, sender])
    // at most 3 bytes of UTF-8 for each UTF-16 unit
    this.room(3 * (text.length + (sender?.length ?? 0)))
    const start = this.used
    const textEnd = start + this.bytes.write(text, start)
    const senderEnd = sender === null ? -1 : textEnd + this.bytes.write(sender, textEnd)
    this.used = Math.max(textEnd, senderEnd)
    let k = FIELDS * this.count
    if (k === this.nums.length) {
      const more = new Float64Array(2 * k)
      more.set(this.nums)
      this.nums = more
    }
    const v = this.nums
    v[k++] = m.chatId
    v[k++] = m.id
    v[k++] = m.topicId ?? 0
    v[k++] = m.sender?.id ?? NaN
    v[k++] = m.date
    v[k++] = start
    v[k++] = textEnd
    v[k] = senderEnd
    this.count++
  }

  /** A page may pass BATCH_BYTES (it is indexed whole or not at all): the buffer grows for it. */
  private room(need: number): void {
    if (this.used + need <= this.bytes.length) return
    const more = Buffer.allocUnsafeSlow(Math.max(2 * this.bytes.length, this.used + need))
    this.bytes.copy(more, 0, 0, this.used)
    this.bytes = more
  }
}
