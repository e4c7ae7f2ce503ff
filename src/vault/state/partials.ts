// Downloads under way and failed: how far each `.part` file (<vault>/.tobs/parts/) is complete, so a
// run killed in the middle of a large file continues from its last complete part (issue 11), and
// how many runs a file has failed in, so a failure is retried a bounded number of times (issue 16).
import type { Db } from '../database.ts'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS media_partials (
  unique_id TEXT PRIMARY KEY, size INTEGER NOT NULL, part_size INTEGER NOT NULL, done INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS media_retry (
  unique_id TEXT PRIMARY KEY, chat_id INTEGER NOT NULL, msg_id INTEGER NOT NULL, tries INTEGER NOT NULL, reason TEXT NOT NULL
) WITHOUT ROWID;
`

export interface PartialFile {
  size: number
  partSize: number
  /** bytes [0, done) of the .part file are complete */
  done: number
}

export class PartialsRepo {
  private readonly q

  constructor(db: Db) {
    db.exec(SCHEMA)
    this.q = {
      get: db.prepare('SELECT size, part_size AS partSize, done FROM media_partials WHERE unique_id = ?'),
      put: db.prepare('INSERT OR REPLACE INTO media_partials (unique_id, size, part_size, done) VALUES (?, ?, ?, ?)'),
      drop: db.prepare('DELETE FROM media_partials WHERE unique_id = ?'),
      all: db.prepare('SELECT unique_id AS uniqueId, size, part_size AS partSize, done FROM media_partials'),
      tries: db.prepare('SELECT tries FROM media_retry WHERE unique_id = ?'),
      fail: db.prepare(`INSERT INTO media_retry (unique_id, chat_id, msg_id, tries, reason) VALUES (?, ?, ?, 1, ?)
        ON CONFLICT (unique_id) DO UPDATE SET tries = tries + 1, reason = excluded.reason`),
      cleared: db.prepare('DELETE FROM media_retry WHERE unique_id = ?'),
      retryable: db.prepare('SELECT chat_id AS chatId, msg_id AS msgId FROM media_retry WHERE chat_id = ? AND tries < ?'),
    }
  }

  get(uniqueId: string): PartialFile | undefined {
    return this.q.get.get(uniqueId) as PartialFile | undefined
  }

  /** Every file downloaded in part (what a killed run left behind). */
  all(): (PartialFile & { uniqueId: string })[] {
    return this.q.all.all() as (PartialFile & { uniqueId: string })[]
  }

  put(uniqueId: string, p: PartialFile): void {
    this.q.put.run(uniqueId, p.size, p.partSize, p.done)
  }

  drop(uniqueId: string): void {
    this.q.drop.run(uniqueId)
  }

  /** Runs in which this file failed so far. */
  tries(uniqueId: string): number {
    return (this.q.tries.get(uniqueId) as { tries: number } | undefined)?.tries ?? 0
  }

  failed(uniqueId: string, chatId: number, msgId: number, reason: string): void {
    this.q.fail.run(uniqueId, chatId, msgId, reason)
  }

  /** Messages of a chat with a file that failed in fewer than `maxRuns` runs: the next run tries again. */
  retryable(chatId: number, maxRuns: number): { chatId: number; msgId: number }[] {
    return this.q.retryable.all(chatId, maxRuns) as { chatId: number; msgId: number }[]
  }

  succeeded(uniqueId: string): void {
    this.q.cleared.run(uniqueId)
    this.q.drop.run(uniqueId)
  }
}
