// One tobs process per vault: two runs writing one state database and one set of notes would undo
// each other's work. The lock is an exclusive SQLite transaction held open on .tobs/lock.db: the
// kernel holds it (a POSIX record lock) and drops it when the process dies however it dies, so a
// run killed with SIGKILL, its zombie, or a pid reused by another program never blocks the vault
// (issue 10). The pid written beside it (.tobs/lock) is only information for the message.
import Database from 'better-sqlite3'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export class VaultBusyError extends Error {}

/**
 * How long to wait for a lock that a starting process holds only for an instant (two processes
 * taking it at once both see SQLITE_BUSY for a moment). A lock held by a running export is held for
 * minutes, so the wait only delays the "in use" message.
 */
const SETTLE_MS = 1000

/**
 * Every open lock connection, until released. better-sqlite3 closes a connection that is garbage
 * collected, which would drop the lock while the owner still runs: a caller that does not keep the
 * release function (or keeps it only in a frame V8 may collect) must not lose the vault to another
 * process (seen as 2-4 owners in the 12-process race under load).
 */
const held = new Set<Database.Database>()

export function lockVault(vaultDir: string): () => void {
  const dir = join(vaultDir, '.tobs')
  mkdirSync(dir, { recursive: true })
  const db = new Database(join(dir, 'lock.db'), { timeout: SETTLE_MS })
  try {
    db.exec('BEGIN EXCLUSIVE')
  } catch (e) {
    db.close()
    if ((e as { code?: string }).code !== 'SQLITE_BUSY') throw e
    const owner = ownerPid(dir)
    throw new VaultBusyError(`vault ${vaultDir} is in use by another tobs process${owner ? ` (pid ${owner})` : ''}`)
  }
  const info = join(dir, 'lock')
  writeFileSync(info, String(process.pid))
  held.add(db)
  let released = false
  return () => {
    if (released) return
    released = true
    if (ownerPid(dir) === process.pid) rmSync(info, { force: true })
    held.delete(db)
    db.close()
  }
}

function ownerPid(dir: string): number | undefined {
  try {
    return Number(readFileSync(join(dir, 'lock'), 'utf8')) || undefined
  } catch {
    return undefined
  }
}
