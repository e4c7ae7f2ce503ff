// Media files: what became of each file id (its vault path and hash, or why it was skipped), and
// where each message's copy lies (every message has its own path; equal bytes are hard-linked).
import type { Db } from '../database.ts'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS media (
  unique_id TEXT PRIMARY KEY, path TEXT, sha256 TEXT, size INTEGER, skipped TEXT
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS media_by_hash ON media (sha256);
CREATE INDEX IF NOT EXISTS media_by_size ON media (size);
CREATE TABLE IF NOT EXISTS placements (
  chat_id INTEGER NOT NULL, msg_id INTEGER NOT NULL, unique_id TEXT NOT NULL, path TEXT NOT NULL,
  PRIMARY KEY (chat_id, msg_id, unique_id)
) WITHOUT ROWID;
`

export interface MediaRecord { path?: string; sha256?: string; size?: number; skipped?: string }

export class MediaRepo {
  private readonly q
  /**
   * Chats with placements, and whether any file is recorded, learnt once and kept up to date by
   * this repository (the only writer): an export without media asked SQLite for every file of
   * every note it rendered (issue 10). A rolled-back write leaves them too large, never too small.
   */
  private placed?: Set<number>
  private anyFile?: boolean

  constructor(db: Db) {
    db.exec(SCHEMA)
    this.q = {
      get: db.prepare('SELECT path, sha256, size, skipped FROM media WHERE unique_id = ?'),
      byHash: db.prepare('SELECT path FROM media WHERE sha256 = ? AND path IS NOT NULL LIMIT 1'),
      sha256Of: db.prepare('SELECT sha256 FROM media WHERE path = ? AND sha256 IS NOT NULL LIMIT 1'),
      bySize: db.prepare('SELECT DISTINCT path FROM media WHERE size = ? AND path IS NOT NULL LIMIT 4'),
      placement: db.prepare('SELECT path FROM placements WHERE chat_id = ? AND msg_id = ? AND unique_id = ?'),
      placedChats: db.prepare('SELECT DISTINCT chat_id FROM placements').pluck(),
      anyFile: db.prepare('SELECT 1 FROM media LIMIT 1').pluck(),
      placedIn: db.prepare('SELECT msg_id AS msgId, path FROM placements WHERE chat_id = ?'),
      place: db.prepare('INSERT OR REPLACE INTO placements (chat_id, msg_id, unique_id, path) VALUES (?, ?, ?, ?)'),
      put: db.prepare(`INSERT INTO media (unique_id, path, sha256, size, skipped) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (unique_id) DO UPDATE SET path = excluded.path, sha256 = excluded.sha256, size = excluded.size,
        skipped = excluded.skipped`),
    }
  }

  get(uniqueId: string): MediaRecord | undefined {
    this.anyFile ??= this.q.anyFile.get() !== undefined
    if (!this.anyFile) return undefined
    const r = this.q.get.get(uniqueId) as
      | { path: string | null; sha256: string | null; size: number | null; skipped: string | null }
      | undefined
    return r && {
      path: r.path ?? undefined, sha256: r.sha256 ?? undefined, size: r.size ?? undefined, skipped: r.skipped ?? undefined,
    }
  }

  byHash(sha256: string): string | undefined {
    return (this.q.byHash.get(sha256) as { path: string } | undefined)?.path
  }

  sha256Of(path: string): string | undefined {
    return (this.q.sha256Of.get(path) as { sha256: string } | undefined)?.sha256
  }

  /** Vault paths of a few stored files of this size: candidates for dedup before download. */
  bySize(size: number): string[] {
    return (this.q.bySize.all(size) as { path: string }[]).map((r) => r.path)
  }

  /** Where the file `uniqueId` of one message lies in the vault. */
  placement(chatId: number, msgId: number, uniqueId: string): string | undefined {
    this.placed ??= new Set(this.q.placedChats.all() as number[])
    if (!this.placed.has(chatId)) return undefined
    return (this.q.placement.get(chatId, msgId, uniqueId) as { path: string } | undefined)?.path
  }

  /** Every placement of a chat's files. */
  placedIn(chatId: number): { msgId: number; path: string }[] {
    return this.q.placedIn.all(chatId) as { msgId: number; path: string }[]
  }

  place(chatId: number, msgId: number, uniqueId: string, path: string): void {
    this.placed?.add(chatId)
    this.q.place.run(chatId, msgId, uniqueId, path)
  }

  put(uniqueId: string, v: MediaRecord): void {
    this.anyFile = true
    this.q.put.run(uniqueId, v.path ?? null, v.sha256 ?? null, v.size ?? null, v.skipped ?? null)
  }
}
