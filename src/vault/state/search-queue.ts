// What the full-text index (search.ts) has still to read of the messages stored new: runs of ids,
// one row per run (a page of an export is one run), written as the transaction that stored them
// ends. A trigger queued a row per message instead: 1.5-1.8 µs CPU of every message stored into an
// indexed vault (a rerun, a sync, a convert into it; bench/store.ts --search). Edits and deletions
// still queue themselves, through search.ts's triggers; catchUp() turns runs into queued messages.
import type { Db } from '../database.ts'

export const RUNS_SCHEMA = `
CREATE TABLE IF NOT EXISTS search_pending_runs (chat_id INTEGER NOT NULL, lo INTEGER NOT NULL, hi INTEGER NOT NULL);
`

interface Run { chatId: number; lo: number; hi: number }

export class SearchQueue {
  /** whether the vault has a full-text index to keep current (none: nothing is queued) */
  private on: boolean
  /** open StateDb transactions: inside one, runs are written as it ends; outside, at once */
  private depth = 0
  private runs: Run[] = []
  /** the run the last stored message extended; any other store ends it */
  private open: Run | undefined
  private readonly put

  constructor(db: Db) {
    db.exec(RUNS_SCHEMA)
    this.on = db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'search_docs'").get() !== undefined
    this.put = db.prepare('INSERT INTO search_pending_runs (chat_id, lo, hi) VALUES (?, ?, ?)')
  }

  /** The index now exists (it queued every message stored so far itself). */
  start(): void {
    this.on = true
  }

  /** A message stored new. */
  added(chatId: number, id: number): void {
    if (!this.on) return
    const run = this.open
    if (run && run.chatId === chatId && id > run.hi) {
      run.hi = id
      return
    }
    this.open = { chatId, lo: id, hi: id }
    this.runs.push(this.open)
    if (!this.depth) this.flush()
  }

  /** A message stored as it was, or replaced (its trigger queues it): the next new one starts a run. */
  passed(): void {
    this.open = undefined
  }

  /**
   * Runs `fn` inside a transaction the caller opened, writing its runs before it commits. Call
   * flush() before opening it: the runs of an enclosing transaction belong there, and a nested one
   * (a savepoint) that rolls back must not take them along.
   */
  batch<T>(fn: () => T): T {
    this.depth++
    try {
      const out = fn()
      this.flush()
      return out
    } finally {
      this.depth--
    }
  }

  /** The transaction rolled back: its runs name messages that are gone. */
  forget(): void {
    this.runs = []
    this.open = undefined
  }

  flush(): void {
    for (const r of this.runs) this.put.run(r.chatId, r.lo, r.hi)
    this.forget()
  }
}
