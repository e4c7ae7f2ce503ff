// A 120-character CJK chat title and file name (issue 16: ENAMETOOLONG, names were cut by
// characters, not bytes; then "database connection is busy": a note that could not be written left
// its period's cursor open, and closing the state database failed with that instead of the real
// error, keeping the vault locked). Titles from the simulator and from a Desktop export.
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runConvert } from '../../src/export/run-convert.ts'
import { startSimulator } from '../../src/sim/simulator.ts'
import { createWorld } from '../../src/sim/world/world.ts'
import { verifyVault } from '../../src/vault/verify.ts'
import { defaultMedia, exportSim, tempVault } from '../helpers.ts'

const CJK = '数据库连接繁忙'.repeat(18).slice(0, 120)

function names(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    out.push(name)
    if (statSync(join(dir, name)).isDirectory()) names(join(dir, name), out)
  }
  return out
}

/** Puts a file where the first year folder of each chat folder of `model` goes, in `vault`. */
function blockYearFolders(model: string, vault: string): string[] {
  const blocked: string[] = []
  for (const d of readdirSync(model)) {
    if (d.startsWith('.') || !statSync(join(model, d)).isDirectory()) continue
    const year = readdirSync(join(model, d)).find((y) => /^\d{4}$/.test(y))
    if (!year) continue
    mkdirSync(join(vault, d), { recursive: true })
    writeFileSync(join(vault, d, year), 'in the way')
    blocked.push(join(vault, d, year))
  }
  return blocked
}

function desktopExport(): string {
  const input = join(tempVault(), 'export')
  mkdirSync(join(input, 'files'), { recursive: true })
  // the export's own file name is short: Desktop keeps the original name in file_name
  writeFileSync(join(input, 'files', 'a.pdf'), 'pdf bytes')
  const messages = [1, 2].map((id) => ({
    id, type: 'message', date: '2024-01-02T03:04:05', date_unixtime: String(1704164645 + id), from: CJK, from_id: 'user7',
    text: CJK, ...(id === 2 ? { file: 'files/a.pdf', file_name: `${CJK}.pdf`, mime_type: 'application/pdf' } : {}),
  }))
  writeFileSync(join(input, 'result.json'), JSON.stringify({ name: CJK, type: 'private_supergroup', id: 4242, messages }))
  return input
}

describe('long CJK names', () => {
  it('a 120-character CJK title and file name convert, every name within 255 bytes', async () => {
    const vault = tempVault()
    await runConvert({ input: desktopExport(), out: vault, split: 'month', media: defaultMedia })
    const all = names(vault)
    for (const n of all) expect(Buffer.byteLength(n), n).toBeLessThanOrEqual(255)
    expect(all.some((n) => n.startsWith('2-数据库'))).toBe(true)
    expect(verifyVault(vault).problems).toEqual([])
  })

  it('a convert that cannot write a note fails with the real error and leaves the vault usable', async () => {
    const input = desktopExport()
    const model = tempVault()
    await runConvert({ input, out: model, split: 'month', media: defaultMedia })
    const vault = tempVault()
    const [blocked] = blockYearFolders(model, vault)
    const failed = await runConvert({ input, out: vault, split: 'month', media: defaultMedia }).then(() => undefined, (e: Error) => e)
    expect(failed?.message).toContain(blocked)
    expect(failed?.message).not.toContain('busy')
    rmSync(blocked!)
    await runConvert({ input, out: vault, split: 'month', media: defaultMedia })
    expect(verifyVault(vault).problems).toEqual([])
  })

  it('120-character CJK titles of every chat and topic from the simulator export, and a note in the way fails with the real error', async () => {
    const world = createWorld({ seed: 3, messages: 600 })
    for (const c of world.chats) {
      c.title = CJK
      for (const t of c.topics ?? []) t.title = CJK
    }
    const sim = await startSimulator({ seed: 3, world })
    try {
      const model = tempVault()
      await exportSim(sim, model, { split: 'month' })
      const all = names(model)
      for (const n of all) expect(Buffer.byteLength(n), n).toBeLessThanOrEqual(255)
      expect(all.filter((n) => n.startsWith('数据库')).length).toBeGreaterThan(world.chats.length)
      expect(verifyVault(model).problems).toEqual([])

      const vault = tempVault()
      const blocked = blockYearFolders(model, vault)
      const failed = await exportSim(sim, vault, { split: 'month' }).then(() => undefined, (e: Error) => e)
      expect(failed?.message).toMatch(/EEXIST|ENOTDIR/)
      expect(failed?.message).not.toContain('busy')
      // the failed run let go of the vault: the next one (the obstacles gone) completes it
      for (const b of blocked) rmSync(b)
      await exportSim(sim, vault, { split: 'month' })
      expect(verifyVault(vault).problems).toEqual([])
    } finally {
      await sim.close()
    }
  }, 120_000)
})
