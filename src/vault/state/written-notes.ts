// What tobs last wrote to each note (size, modification time and a hash of its text), so a note the
// user changed since is recognised before tobs rewrites or removes it (issue 16: the user's edits
// were overwritten silently). `prev_hash` is the text the note held before the newest write: the
// record is written before the note is renamed into place, so a run killed between the two leaves
// the old text on disk, which `prev_hash` still recognises as tobs's own.
import type { Db } from '../database.ts'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS written_notes (
  path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ms REAL NOT NULL
) WITHOUT ROWID;
`

export interface WrittenNote {
  size: number
  mtimeMs: number
  /** hash of the note's text without blank lines (noteHash); absent in vaults written before it was kept */
  hash?: string
  prevHash?: string
}

export class WrittenNotesRepo {
  private readonly q

  constructor(db: Db) {
    db.exec(SCHEMA)
    const cols = new Set((db.prepare('PRAGMA table_info(written_notes)').all() as { name: string }[]).map((c) => c.name))
    if (!cols.has('hash')) db.exec('ALTER TABLE written_notes ADD COLUMN hash TEXT')
    if (!cols.has('prev_hash')) db.exec('ALTER TABLE written_notes ADD COLUMN prev_hash TEXT')
    this.q = {
      get: db.prepare('SELECT size, mtime_ms AS mtimeMs, hash, prev_hash AS prevHash FROM written_notes WHERE path = ?'),
      put: db.prepare(`INSERT INTO written_notes (path, size, mtime_ms, hash, prev_hash) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms, hash = excluded.hash, prev_hash = excluded.prev_hash`),
      delete: db.prepare('DELETE FROM written_notes WHERE path = ?'),
    }
  }

  get(path: string): WrittenNote | undefined {
    const row = this.q.get.get(path) as { size: number; mtimeMs: number; hash: string | null; prevHash: string | null } | undefined
    if (!row) return undefined
    return { size: row.size, mtimeMs: row.mtimeMs, hash: row.hash ?? undefined, prevHash: row.prevHash ?? undefined }
  }

  put(path: string, note: WrittenNote): void {
    this.q.put.run(path, note.size, note.mtimeMs, note.hash ?? null, note.prevHash ?? null)
  }

  delete(path: string): void {
    this.q.delete.run(path)
  }
}
