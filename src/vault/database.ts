// The state database's connection: pragmas, the schema version and its migrations. Only vault/
// opens it; everything else reaches it through the repositories of StateDb (state.ts).
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'

/** Thrown when the state file exists but is not a tobs database we can use. */
export class StateError extends Error {}

export type Db = Database.Database

/**
 * Version of the on-disk schema. A repository that adds a new table creates it itself with
 * CREATE TABLE IF NOT EXISTS (no bump needed); a change to an existing table bumps this and adds the
 * step that brings version n - 1 to n to MIGRATIONS.
 */
export const SCHEMA_VERSION = 4

/** MIGRATIONS[n] brings a database of version n to n + 1. */
const MIGRATIONS: Record<number, (db: Db) => void> = {
  // issue 10: messages are stored compactly (state/message-codec.ts); the column holding them is no
  // longer JSON alone. Old rows stay as they are: a TEXT value is read as JSON.
  1: (db) => {
    const columns = db.prepare("SELECT name FROM pragma_table_info('messages')").pluck().all() as string[]
    if (columns.includes('json')) db.exec('ALTER TABLE messages RENAME COLUMN json TO body')
  },
  // issue 10: messages stored new are queued for the full-text index as runs of ids by MessagesRepo
  // (state/search-queue.ts), not by a trigger per row. An older tobs would bring the trigger back
  // and leave the runs unread: it refuses this version instead.
  2: (db) => {
    db.exec('DROP TRIGGER IF EXISTS search_on_insert')
  },
  // issue 10: message bodies are written in the tagged format (state/tagged-body.ts), which an older
  // tobs cannot read: it refuses this version. Rows written before stay as they are, and the vault
  // is marked as holding some, so storing a message again compares it by content, not by bytes.
  3: (db) => {
    if (db.prepare('SELECT 1 FROM messages LIMIT 1').get()) {
      db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('older bodies', '1')").run()
    }
  },
}

/** Opens the writing connection: WAL, no per-page fsync, small caches, the version checked. */
export function openWriter(path: string): Db {
  const closedCleanly = unchangedSinceClose(path)
  forgetClose(path)
  const db = new Database(path)
  db.pragma('journal_mode = WAL')
  // No fsync on each page: a killed process loses nothing (WAL), and checkpoint() makes the
  // database durable at the end of each chat. Syncing per page cost more than all else stored.
  db.pragma('synchronous = OFF')
  // memory stays flat however big the vault: small page caches, temporary tables on disk
  db.pragma('cache_size = -1024')
  db.pragma('temp_store = FILE')
  if (!closedCleanly) checkIntact(db, path)
  db.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)')
  migrate(db, path)
  return db
}

/**
 * Refuses a damaged database before anything uses it (issue 16: page corruption passed unnoticed,
 * an export exited 0 with wrong index notes, and `tobs render` deleted notes before it failed).
 * Checks every page of every b-tree, one table at a time: a whole-database quick_check also runs
 * FTS5's own consistency check of the search index against its text, which cost ~1 s of a 95k-message
 * vault's 4.5 s render (90 % of the check) to find what `tobs search` would show wrong at worst.
 */
function checkIntact(db: Db, path: string): void {
  let problem: string | undefined
  try {
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'").pluck().all() as string[]
    for (const t of tables) {
      const rows = db.pragma(`quick_check("${t.replaceAll('"', '""')}")`) as { quick_check: string }[]
      if (rows[0]?.quick_check !== 'ok') problem = rows[0]?.quick_check ?? 'no answer to quick_check'
      if (problem !== undefined) break
    }
  } catch (e) {
    problem = (e as Error).message
  }
  if (problem === undefined) return
  db.close()
  throw new StateError(`state database ${path} is damaged (${problem.split('\n')[0]}); nothing was changed. `
    + 'Put back a copy from a backup and run `tobs render --out <vault>`, or move .tobs/ away and export again')
}

/** Where a clean close leaves the identity of the state file it closed. */
function closeStamp(path: string): string {
  return `${path}-closed`
}

/** Device, inode, size, and modification and change times to the nanosecond: any write to the file changes the last. */
function identity(path: string): string | undefined {
  try {
    const st = statSync(path, { bigint: true })
    return [st.dev, st.ino, st.size, st.mtimeNs, st.ctimeNs].join(':')
  } catch {
    return undefined
  }
}

/**
 * Whether the file is exactly as tobs's last clean close left it: then the check at open has nothing
 * new to find (it cost 5 % of a `tobs render`), and is skipped. A log left to replay (a killed run),
 * a copy put back, or a write by anything else (its change time moves; no tool can set it back) has
 * it checked as before.
 */
function unchangedSinceClose(path: string): boolean {
  let stamp: string
  try {
    stamp = readFileSync(closeStamp(path), 'utf8')
  } catch {
    return false
  }
  return !existsSync(`${path}-wal`) && stamp === identity(path)
}

/** Before anything writes: a run killed from here on leaves no stamp, and the next open checks. */
function forgetClose(path: string): void {
  try {
    unlinkSync(closeStamp(path))
  } catch {
    return
  }
  // durable before the first write: a power cut must not bring the stamp back beside a torn file
  const dir = openSync(dirname(path), 'r')
  try {
    fsyncSync(dir)
  } finally {
    closeSync(dir)
  }
}

/**
 * Called once the connections are closed: stamps the file unless another connection still holds it
 * open (its log is still there), whose own close stamps it.
 */
export function markClosed(path: string): void {
  if (existsSync(`${path}-wal`)) return
  const id = identity(path)
  if (id !== undefined) writeFileSync(closeStamp(path), id)
}

/**
 * A second connection for long reads (a note streamed from its messages): an open iterator blocks
 * its connection, and pages keep arriving meanwhile. WAL lets this reader and the writer run together.
 */
export function openReader(path: string): Db {
  const reader = new Database(path, { readonly: true })
  reader.pragma('cache_size = -1024')
  return reader
}

function migrate(db: Db, path: string): void {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get('schema') as { value: string } | undefined
  if (!row) {
    db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('schema', String(SCHEMA_VERSION))
    return
  }
  let version = Number(row.value)
  if (!(version >= 1 && version <= SCHEMA_VERSION)) {
    throw new StateError(`state database ${path} has schema ${row.value}, this tobs needs ${SCHEMA_VERSION}`)
  }
  while (version < SCHEMA_VERSION) {
    const step = MIGRATIONS[version]!
    db.transaction(() => {
      step(db)
      db.prepare('UPDATE meta SET value = ? WHERE key = ?').run(String(version + 1), 'schema')
    })()
    version++
  }
}
