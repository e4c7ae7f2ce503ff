// A note the user changed is never overwritten or removed silently (issue 16): what the user added
// outside tobs's messages survives every rewrite in place; any other change is kept beside the note,
// said in a warning and named in the run's summary; untouched notes stay as they were.
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
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

  const asides = () => [...vaultFiles(vault).keys()].filter((p) => p.includes('(your edit '))

  it("keep the user's additions through a rewrite, and set aside a changed message", async () => {
    const before = vaultFiles(vault)
    const months = [...before.keys()].filter((p) => /\d{4}-\d{2}\.md$/.test(p)).sort()
    const [added, changed] = [months[0]!, months[1]!]
    const index = [...before.keys()].find((p) => before.get(p)!.includes('\ntg_type: ') && months.some((m) => m.startsWith(p.split('/')[0]!)))!
    const original = readFileSync(join(vault, added), 'utf8')
    const firstId = /^\^m(\d+)$/m.exec(original)![1]!
    // between two messages and at the end of one note, at the end of the index note
    writeFileSync(join(vault, added), original.replace(`^m${firstId}\n\n`, `^m${firstId}\n\nWhy this matters: context.\n\n`) + 'My own thought about this month.\n')
    appendFileSync(join(vault, index), '\nMy notes on this chat.\n')
    const other = readFileSync(join(vault, changed), 'utf8')
    writeFileSync(join(vault, changed), other.replace(/^> (?!\[!).+$/m, '> I rewrote this message'))

    const warnings: string[] = []
    await rebuildVault(vault, { split: 'month', timeZone: 'UTC' }, undefined, (w) => warnings.push(w))

    expect(readFileSync(join(vault, added), 'utf8')).toBe(original.replace(`^m${firstId}\n\n`, `^m${firstId}\n\nWhy this matters: context.\n\n`) + 'My own thought about this month.\n\n')
    expect(readFileSync(join(vault, index), 'utf8')).toContain('\nMy notes on this chat.\n')
    expect(readFileSync(join(vault, changed), 'utf8')).toBe(other)
    expect(asides()).toHaveLength(1)
    expect(asides()[0]).toMatch(/\.txt$/)
    expect(readFileSync(join(vault, asides()[0]!), 'utf8')).toContain('> I rewrote this message')
    expect(warnings).toEqual([`${changed} was changed outside tobs; your version is kept as ${asides()[0]}`])
    for (const [p, text] of vaultFiles(vault)) if (p !== added && p !== index && !p.includes('(your edit ')) expect(text, p).toBe(before.get(p))
    expect(verifyVault(vault).problems).toEqual([])
  }, 60_000)

  it('a rerun in another layout keeps a removed note the user added to, and the summary names it', async () => {
    const months = [...vaultFiles(vault).keys()].filter((p) => /\d{4}-\d{2}\.md$/.test(p)).sort()
    const summary = await exportSim(sim, vault, { split: 'year' })
    const kept = summary.notes_kept_aside as string[]
    expect(kept).toHaveLength(1)
    expect(kept[0]).toContain(months[0]!.replace(/\.md$/, ' (your edit '))
    expect(readFileSync(join(vault, kept[0]!), 'utf8')).toContain('My own thought about this month.')
    expect(readdirSync(vault).length).toBeGreaterThan(0)
    expect([...vaultFiles(vault).keys()].filter((p) => /\d{4}-\d{2}\.md$/.test(p))).toEqual([])
    expect(verifyVault(vault).problems).toEqual([])
  }, 120_000)
})
