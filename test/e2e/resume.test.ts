// Killed at any instant (kill -9) and rerun, the vault ends exactly as if never interrupted.
import { spawn } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, writeSessionFile } from '../../src/sim/simulator.ts'
import { verifyVault } from '../../src/vault/verify.ts'
import { ALL_KINDS, defaultMedia, exportSim, idsInVault, tempVault, vaultFiles, worldIds, type Sim } from '../helpers.ts'

const BIN = join(import.meta.dirname, '../../bin/tobs.js')

function runCli(args: string[], killAfterMs?: number): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d))
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs)
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stderr })
    })
  })
}

describe('resume after kill -9', () => {
  let sim: Sim
  let session: string

  beforeAll(async () => {
    sim = await startSimulator({ seed: 21, messages: 1500, knobs: { latencyMs: { 2: 4, 4: 4 } } })
    session = join(tempVault(), 'sim.json')
    await writeSessionFile(session, sim.session)
  })
  afterAll(async () => {
    await sim?.close()
  })

  it('ends with the same vault as an uninterrupted run, whatever instant the runs were killed at', async () => {
    const out = tempVault()
    const args = ['export', '--session', session, '--kinds', ALL_KINDS.join(','), '--out', out, '--quiet']
    // node + tsx start in ~0.5-1 s; the kills land before, during and after the first pages
    const seed = Date.now() % 1000
    const delays = Array.from({ length: 5 }, (_, i) => 400 + ((seed * (i + 3) * 7919) % 2200))
    for (const ms of delays) {
      const r = await runCli(args, ms)
      expect(r.signal === 'SIGKILL' || r.code === 0, `run killed at ${ms} ms: ${r.stderr}`).toBe(true)
    }
    const last = await runCli(args)
    expect(last.code, last.stderr).toBe(0)

    const report = verifyVault(out)
    expect(report.problems).toEqual([])
    for (const chat of sim.world.chats) {
      expect(idsInVault(report, chat.id), `delays ${delays}`).toEqual(worldIds(sim, chat.id))
    }
    expect(readdirSync(join(out, '.tobs', 'tmp'))).toEqual([])

    const clean = tempVault()
    await exportSim(sim, clean, { media: defaultMedia })
    const a = vaultFiles(out, { blankExportedAt: true })
    const b = vaultFiles(clean, { blankExportedAt: true })
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort())
    for (const [path, text] of b) expect(a.get(path), path).toBe(text)
  }, 120_000)
})
