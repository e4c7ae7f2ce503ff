// `tobs render` writes the new notes first and removes only notes tobs wrote and recorded: files
// the user put in a chat folder survive a rebuild with another split (issue 16: render deleted them).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rebuildVault } from '../../src/export/rebuild.ts'
import { startSimulator } from '../../src/sim/simulator.ts'
import { verifyVault } from '../../src/vault/verify.ts'
import { exportSim, tempVault, vaultFiles, type Sim } from '../helpers.ts'

describe('render keeps what tobs did not write', () => {
  let sim: Sim
  const vault = tempVault()
  const clean = tempVault()

  beforeAll(async () => {
    sim = await startSimulator({ seed: 6, messages: 1500 })
    await exportSim(sim, vault, { split: 'month' })
    await exportSim(sim, clean, { split: 'year' })
  }, 120_000)

  afterAll(async () => {
    await sim.close()
  })

  it('a rebuild with another split leaves user files in chat folders and removes every old note', async () => {
    const folder = readdirSync(vault).find((f) => / \(\d+\)$/.test(f) && readdirSync(join(vault, f)).some((n) => /^\d{4}$/.test(n)))!
    const year = readdirSync(join(vault, folder)).find((n) => /^\d{4}$/.test(n))!
    const mine = [join(folder, 'My notes.md'), join(folder, year, 'mine.md'), join(folder, 'drawing.canvas')]
    for (const p of mine) writeFileSync(join(vault, p), `user text in ${p}\n`)
    mkdirSync(join(vault, folder, 'attachments'), { recursive: true })
    writeFileSync(join(vault, folder, 'attachments', 'x.md'), 'user\n')
    mine.push(join(folder, 'attachments', 'x.md'))

    await rebuildVault(vault, { split: 'year', timeZone: 'UTC' })

    for (const p of mine) expect(readFileSync(join(vault, p), 'utf8'), p).toContain('user')
    const files = vaultFiles(vault, { blankExportedAt: true })
    for (const p of mine) files.delete(p)
    // exactly the notes a clean export with --split year writes: no month note left behind
    expect([...files.keys()].sort()).toEqual([...vaultFiles(clean).keys()].sort())
    expect([...files.keys()].some((p) => /\d{4}-\d{2}\.md$/.test(p))).toBe(false)
    expect(verifyVault(clean).problems).toEqual([])
  })
})
