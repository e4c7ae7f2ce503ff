// A note the user changed since tobs wrote it is never overwritten silently (issue 16): before a
// rewrite, a note whose size or modification time differs from what tobs recorded is moved aside
// as `<note> (your edit <time>).txt` (a .txt, so its block ids do not appear twice in the vault)
// and the caller is told; tobs's new version takes the note's place so every link keeps resolving.
import { statSync } from 'node:fs'
import { rename, stat } from 'node:fs/promises'
import type { StateDb } from './state.ts'

/** Moves a user-edited note aside; returns the new name (vault-relative) or undefined. */
export async function keepUserEdit(state: StateDb, vaultDir: string, rel: string, now = new Date()): Promise<string | undefined> {
  const known = state.writtenNotes.get(rel)
  if (!known) return undefined
  const st = await stat(`${vaultDir}/${rel}`).catch(() => undefined)
  if (!st || (st.size === known.size && st.mtimeMs === known.mtimeMs)) return undefined
  const stamp = now.toISOString().slice(0, 19).replace(/:/g, '-')
  const aside = `${rel.replace(/\.md$/, '')} (your edit ${stamp}).txt`
  await rename(`${vaultDir}/${rel}`, `${vaultDir}/${aside}`)
  return aside
}

/**
 * Records the note tobs just wrote. Synchronous, so the window in which a kill leaves a new note
 * unrecorded (the next run would take it for the user's edit and set it aside) is microseconds.
 */
export function recordWrite(state: StateDb, vaultDir: string, rel: string): void {
  const st = statSync(`${vaultDir}/${rel}`)
  state.writtenNotes.put(rel, { size: st.size, mtimeMs: st.mtimeMs })
}
