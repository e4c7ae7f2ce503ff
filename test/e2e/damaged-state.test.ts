// A damaged state database is refused before anything uses it (issue 16): `tobs render` deletes no
// note and `tobs export` writes nothing; each says so in one line naming the way out.
import { spawnSync } from 'node:child_process'
import { closeSync, openSync, statSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator } from '../../src/sim/simulator.ts'
import { exportSim, tempVault, vaultFiles, type Sim } from '../helpers.ts'

const BIN = join(import.meta.dirname, '../../bin/tobs.js')

/** Overwrites pages in the middle of the file (not the header page): page corruption. */
function damage(dbPath: string): void {
  const size = statSync(dbPath).size
  expect(size).toBeGreaterThan(16 * 4096)
  const fd = openSync(dbPath, 'r+')
  const junk = Buffer.alloc(4 * 4096, 0xa5)
  writeSync(fd, junk, 0, junk.length, Math.floor(size / 4096 / 2) * 4096)
  closeSync(fd)
}

describe('a damaged state database', () => {
  let sim: Sim
  const vault = tempVault()
  let before: Map<string, string>

  beforeAll(async () => {
    sim = await startSimulator({ seed: 4, messages: 3000 })
    await exportSim(sim, vault)
    damage(join(vault, '.tobs', 'state.db'))
    before = vaultFiles(vault)
    expect([...before.keys()].filter((p) => p.endsWith('.md')).length).toBeGreaterThan(20)
  }, 120_000)

  afterAll(async () => {
    await sim.close()
  })

  it('tobs render refuses it in one line, exit 1, and deletes no note', () => {
    const r = spawnSync(process.execPath, [BIN, 'render', '--out', vault], { encoding: 'utf8', timeout: 60_000 })
    expect(r.status, r.stderr).toBe(1)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/state database .* is damaged .*nothing was changed.*backup.*tobs render.*export again/)
    expect(vaultFiles(vault)).toEqual(before)
  })

  it('tobs export refuses it before writing anything', async () => {
    await expect(exportSim(sim, vault)).rejects.toThrow(/is damaged/)
    expect(vaultFiles(vault)).toEqual(before)
  })
})
