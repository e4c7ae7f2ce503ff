// The one way a writing command holds a vault: its lock (one tobs process per vault), its state
// database, and its temp folder for atomic writes, released in reverse order however the run ends.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { useVaultTmp } from '../vault/files.ts'
import { lockVault } from '../vault/lock.ts'
import { StateDb, StateError } from '../vault/state.ts'
import { installLook } from './snippet.ts'

export interface VaultOptions {
  /** refuse a folder that holds no tobs vault yet (render, process) */
  existing?: boolean
  /** install the vault's CSS snippet; gets the line that says how to enable it */
  look?: (line: string) => void
}

/**
 * Runs `work` with the vault locked and its state database open. `work` must have stopped everything
 * that uses the database (background note writing, downloads) before it returns or throws: the
 * database is closed right after.
 */
export async function withVault<T>(dir: string, opts: VaultOptions, work: (state: StateDb) => Promise<T>): Promise<T> {
  if (opts.existing && !existsSync(join(dir, '.tobs', 'state.db'))) throw new StateError(`${dir} holds no tobs vault (.tobs/state.db)`)
  const unlock = lockVault(dir)
  try {
    const state = StateDb.open(dir)
    try {
      useVaultTmp(dir)
      if (opts.look) await installLook(dir, opts.look)
      return await work(state)
    } finally {
      state.close()
    }
  } finally {
    unlock()
  }
}
