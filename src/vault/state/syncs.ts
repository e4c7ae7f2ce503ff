// What `tobs sync` did to each chat (issue 15): when its last sync started and finished, what it
// brought, and whether it was cut short, so `tobs status` can tell after any stop.
import type { Db } from '../database.ts'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS syncs (
  chat_id INTEGER PRIMARY KEY, started_at INTEGER NOT NULL, finished_at INTEGER,
  last_ok_at INTEGER, added INTEGER NOT NULL DEFAULT 0, refreshed INTEGER NOT NULL DEFAULT 0, error TEXT
);
`

export interface SyncRecord {
  chatId: number
  /** unix ms */
  startedAt: number
  /** unset while running, or when the run was cut short */
  finishedAt?: number
  /** the last sync that finished */
  lastOkAt?: number
  added: number
  refreshed: number
  error?: string
}

export class SyncsRepo {
  private readonly q

  constructor(db: Db) {
    db.exec(SCHEMA)
    this.q = {
      start: db.prepare(`INSERT INTO syncs (chat_id, started_at) VALUES (?, ?)
        ON CONFLICT (chat_id) DO UPDATE SET started_at = excluded.started_at, finished_at = NULL, error = NULL`),
      finish: db.prepare('UPDATE syncs SET finished_at = ?, last_ok_at = ?, added = ?, refreshed = ? WHERE chat_id = ?'),
      fail: db.prepare('UPDATE syncs SET error = ? WHERE chat_id = ?'),
      get: db.prepare('SELECT * FROM syncs WHERE chat_id = ?'),
    }
  }

  started(chatId: number, at = Date.now()): void {
    this.q.start.run(chatId, at)
  }

  finished(chatId: number, added: number, refreshed: number, at = Date.now()): void {
    this.q.finish.run(at, at, added, refreshed, chatId)
  }

  failed(chatId: number, error: string): void {
    this.q.fail.run(error, chatId)
  }

  get(chatId: number): SyncRecord | undefined {
    const r = this.q.get.get(chatId) as {
      chat_id: number; started_at: number; finished_at: number | null; last_ok_at: number | null
      added: number; refreshed: number; error: string | null
    } | undefined
    return r && {
      chatId: r.chat_id, startedAt: r.started_at, finishedAt: r.finished_at ?? undefined, lastOkAt: r.last_ok_at ?? undefined,
      added: r.added, refreshed: r.refreshed, error: r.error ?? undefined,
    }
  }
}
