// A note the user changed since tobs wrote it is never overwritten silently (issue 16): the user's
// version is kept beside it, tobs's version takes its place, untouched notes stay as they were.
import { appendFileSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rebuildVault } from '../../src/export/rebuild.ts'
import { startSimulator } from '../../src/sim/simulator.ts'
import { verifyVault } from '../../src/vault/verify.ts'
import { exportSim, tempVault, vaultFiles, type Sim } from '../helpers.ts'

describe("the user's edits", () => {
  let sim: Sim
  const vault = tempVault()

  beforeAll(async () => {
    sim = await startSimulator({ seed: 9, messages: 800 })
    await exportSim(sim, vault, { split: 'month' })
  }, 120_000)

  afterAll(async () => {
    await sim.close()
  })

  it('survive a rewrite beside the note, and only edited notes are set aside', async () => {
    const before = vaultFiles(vault)
    const note = [...before.keys()].find((p) => /\d{4}-\d{2}\.md$/.test(p))!
    const original = readFileSync(join(vault, note), 'utf8')
    appendFileSync(join(vault, note), '\nMy own thought about this month.\n')

    await rebuildVault(vault, { split: 'month', timeZone: 'UTC' })

    expect(readFileSync(join(vault, note), 'utf8')).toBe(original)
    const dir = join(vault, note, '..')
    const aside = readdirSync(dir).filter((n) => n.includes('(your edit '))
    expect(aside).toHaveLength(1)
    expect(aside[0]).toMatch(/\.txt$/)
    expect(readFileSync(join(dir, aside[0]!), 'utf8')).toContain('My own thought about this month.')
    const after = vaultFiles(vault)
    expect([...after.keys()].filter((p) => p.includes('(your edit '))).toHaveLength(1)
    expect(verifyVault(vault).problems).toEqual([])
  })
})
