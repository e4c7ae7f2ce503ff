// What tobs last wrote to each note (size and modification time), so a note the user changed since
// is recognised before tobs rewrites it (issue 16: the user's edits were overwritten silently).
import type { Db } from '../database.ts'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS written_notes (
  path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ms REAL NOT NULL
) WITHOUT ROWID;
`

export interface WrittenNote { size: number; mtimeMs: number }

export class WrittenNotesRepo {
  private readonly q

  constructor(db: Db) {
    db.exec(SCHEMA)
    this.q = {
      get: db.prepare('SELECT size, mtime_ms AS mtimeMs FROM written_notes WHERE path = ?'),
      put: db.prepare('INSERT INTO written_notes (path, size, mtime_ms) VALUES (?, ?, ?) ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms'),
    }
  }

  get(path: string): WrittenNote | undefined {
    return this.q.get.get(path) as WrittenNote | undefined
  }

  put(path: string, note: WrittenNote): void {
    this.q.put.run(path, note.size, note.mtimeMs)
  }
}
