// Processing jobs (image optimisation, transcoding, transcription) of placed media files, and the
// transcripts they produced. A job is written when its file is placed and finished in the same
// transaction that records its result, so a killed run resumes exactly the jobs still pending (issue 12).
import type { Db } from '../database.ts'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS process_jobs (
  chat_id INTEGER NOT NULL, msg_id INTEGER NOT NULL, unique_id TEXT NOT NULL, step TEXT NOT NULL,
  src TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'pending', out TEXT, note TEXT,
  PRIMARY KEY (chat_id, msg_id, unique_id, step)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS process_jobs_by_state ON process_jobs (state);
CREATE TABLE IF NOT EXISTS process_cleanup (
  path TEXT PRIMARY KEY, unique_id TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS transcripts (
  unique_id TEXT PRIMARY KEY, text TEXT NOT NULL, engine TEXT NOT NULL
) WITHOUT ROWID;
`

export type Step = 'image' | 'video' | 'transcribe'
/** pending: to do; done: result recorded; skipped: nothing to do or a tool missing (note says why) */
export type JobState = 'pending' | 'done' | 'skipped' | 'failed'

export interface Job {
  chatId: number
  msgId: number
  uniqueId: string
  step: Step
  /** vault path of the file to process */
  src: string
  state: JobState
  out?: string
  note?: string
}

type Row = { chat_id: number; msg_id: number; unique_id: string; step: Step; src: string; state: JobState; out: string | null; note: string | null }
const toJob = (r: Row): Job => ({
  chatId: r.chat_id, msgId: r.msg_id, uniqueId: r.unique_id, step: r.step, src: r.src, state: r.state,
  out: r.out ?? undefined, note: r.note ?? undefined,
})

export class ProcessingRepo {
  private readonly q

  constructor(db: Db) {
    db.exec(SCHEMA)
    this.q = {
      add: db.prepare(`INSERT OR IGNORE INTO process_jobs (chat_id, msg_id, unique_id, step, src) VALUES (?, ?, ?, ?, ?)`),
      pending: db.prepare(`SELECT * FROM process_jobs WHERE state = 'pending' ORDER BY chat_id, msg_id`),
      get: db.prepare('SELECT * FROM process_jobs WHERE chat_id = ? AND msg_id = ? AND unique_id = ? AND step = ?'),
      finish: db.prepare(`UPDATE process_jobs SET state = ?, out = ?, note = ?
        WHERE chat_id = ? AND msg_id = ? AND unique_id = ? AND step = ?`),
      doneOut: db.prepare(`SELECT out FROM process_jobs WHERE unique_id = ? AND step = ? AND state = 'done' AND out IS NOT NULL LIMIT 1`),
      counts: db.prepare('SELECT state, count(*) AS n FROM process_jobs GROUP BY state'),
      toRemove: db.prepare('INSERT OR IGNORE INTO process_cleanup (path, unique_id) VALUES (?, ?)'),
      removals: db.prepare('SELECT path, unique_id FROM process_cleanup'),
      removed: db.prepare('DELETE FROM process_cleanup WHERE path = ?'),
      bySrc: db.prepare('SELECT * FROM process_jobs WHERE src = ?'),
      transcript: db.prepare('SELECT text FROM transcripts WHERE unique_id = ?'),
      putTranscript: db.prepare('INSERT OR REPLACE INTO transcripts (unique_id, text, engine) VALUES (?, ?, ?)'),
    }
  }

  /** Queues a job; one that exists already (pending or finished) is left as it is. True when new. */
  add(j: Pick<Job, 'chatId' | 'msgId' | 'uniqueId' | 'step' | 'src'>): boolean {
    return this.q.add.run(j.chatId, j.msgId, j.uniqueId, j.step, j.src).changes > 0
  }

  get(chatId: number, msgId: number, uniqueId: string, step: Step): Job | undefined {
    const r = this.q.get.get(chatId, msgId, uniqueId, step) as Row | undefined
    return r && toJob(r)
  }

  pending(): Job[] {
    return (this.q.pending.all() as Row[]).map(toJob)
  }

  finish(j: Job, state: Exclude<JobState, 'pending'>, out?: string, note?: string): void {
    this.q.finish.run(state, out ?? null, note ?? null, j.chatId, j.msgId, j.uniqueId, j.step)
  }

  /** The output of the same content processed by the same step for another message, if any. */
  doneOutput(uniqueId: string, step: Step): string | undefined {
    return (this.q.doneOut.get(uniqueId, step) as { out: string } | undefined)?.out
  }

  counts(): Record<JobState, number> {
    const out: Record<JobState, number> = { pending: 0, done: 0, skipped: 0, failed: 0 }
    for (const r of this.q.counts.all() as { state: JobState; n: number }[]) out[r.state] = r.n
    return out
  }

  /**
   * An original replaced by its processed file, deleted at the end of the run: while downloads run,
   * dedup may still link new placements to it.
   */
  toRemove(path: string, uniqueId: string): void {
    this.q.toRemove.run(path, uniqueId)
  }

  removals(): { path: string; uniqueId: string }[] {
    return (this.q.removals.all() as { path: string; unique_id: string }[]).map((r) => ({ path: r.path, uniqueId: r.unique_id }))
  }

  /** The jobs that processed the file at `path`. */
  jobsOf(path: string): Job[] {
    return (this.q.bySrc.all(path) as Row[]).map(toJob)
  }

  removed(path: string): void {
    this.q.removed.run(path)
  }

  transcript(uniqueId: string): string | undefined {
    return (this.q.transcript.get(uniqueId) as { text: string } | undefined)?.text
  }

  putTranscript(uniqueId: string, text: string, engine: string): void {
    this.q.putTranscript.run(uniqueId, text, engine)
  }
}
