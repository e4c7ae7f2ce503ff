// One tobs process per vault: two runs writing one state database and one set of notes would undo
// each other's work. A lock file holds the owner's pid; a lock left by a dead process is taken over.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export class VaultBusyError extends Error {}

export function lockVault(vaultDir: string): () => void {
  const dir = join(vaultDir, '.tobs')
  mkdirSync(dir, { recursive: true })
  const path = join(dir, 'lock')
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx' })
      let released = false
      return () => {
        if (released) return
        released = true
        rmSync(path, { force: true })
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      const owner = Number(readFileSync(path, 'utf8'))
      if (owner && owner !== process.pid && alive(owner)) {
        throw new VaultBusyError(`vault ${vaultDir} is in use by another tobs process (pid ${owner})`)
      }
      rmSync(path, { force: true })
    }
  }
  throw new VaultBusyError(`cannot lock vault ${vaultDir}`)
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}
