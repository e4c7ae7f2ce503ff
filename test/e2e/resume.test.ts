// Killed at any instant (kill -9) and rerun, the vault ends exactly as if never interrupted. Each
// kill is proven to land mid-way: the run is killed only once the state database shows it has
// stored part, and not all, of the history (or, later, of the media), and it must die of the kill.
import { spawn } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, writeSessionFile } from '../../src/sim/simulator.ts'
import { verifyVault } from '../../src/vault/verify.ts'
import { ALL_KINDS, defaultMedia, exportSim, idsInVault, tempVault, vaultFiles, worldIds, type Sim } from '../helpers.ts'

const BIN = join(import.meta.dirname, '../../bin/tobs.js')

/** What the state database holds at one instant: stored messages and media records. */
interface Progress { messages: number; media: number }

/** Reads a vault's progress from its state database without disturbing the writer (WAL reader). */
function progressOf(vault: string): Progress | undefined {
  const path = join(vault, '.tobs', 'state.db')
  if (!existsSync(path)) return undefined
  let db: Database.Database | undefined
  try {
    db = new Database(path, { readonly: true, fileMustExist: true })
    const count = (table: string) => (db!.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
    return { messages: count('messages'), media: count('media') }
  } catch {
    return undefined // not created yet, or its tables not yet
  } finally {
    db?.close()
  }
}

interface Run { code: number | null; signal: string | null; stderr: string; killedAt?: Progress }

/** Runs the CLI; SIGKILLs it the first time the vault's progress satisfies `killWhen`. */
function runCli(args: string[], vault: string, killWhen?: (p: Progress) => boolean): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    let killedAt: Progress | undefined
    child.stderr.on('data', (d) => (stderr += d))
    const poll = killWhen && setInterval(() => {
      const p = progressOf(vault)
      if (p && killWhen(p) && !killedAt) {
        killedAt = p
        child.kill('SIGKILL')
      }
    }, 10)
    child.on('exit', (code, signal) => {
      clearInterval(poll)
      resolve({ code, signal, stderr, killedAt })
    })
  })
}

describe('resume after kill -9', () => {
  let sim: Sim
  let session: string

  beforeAll(async () => {
    // files capped at 4 MB/s per connection: media lags the history, so a kill can land among files
    sim = await startSimulator({ seed: 21, messages: 1500, knobs: { latencyMs: { 2: 4, 4: 4 }, bytesPerSecond: 4_000_000 } })
    session = join(tempVault(), 'sim.json')
    await writeSessionFile(session, sim.session)
  })
  afterAll(async () => {
    await sim?.close()
  })

  it('ends with the same vault as an uninterrupted run, killed mid-history three times and mid-media twice', async () => {
    const clean = tempVault()
    // the CLI's default split (auto: sized per chat once the history is complete), through every kill
    await exportSim(sim, clean, { media: defaultMedia, split: 'auto' })
    const total = progressOf(clean)!
    expect(total.messages).toBe(sim.world.chats.reduce((n, c) => n + worldIds(sim, c.id).length, 0))
    expect(total.media).toBeGreaterThan(10)

    const out = tempVault()
    const args = ['export', '--session', session, '--kinds', ALL_KINDS.join(','), '--out', out, '--quiet']
    const killed: Progress[] = []
    const killOnce = async (what: string, when: (p: Progress, start: Progress) => boolean) => {
      const start = progressOf(out) ?? { messages: 0, media: 0 }
      const r = await runCli(args, out, (p) => when(p, start))
      // the run died of the kill, after storing part of what was left and before the end
      expect(r.signal, `${what}: the run ended (${r.code}) before its kill: ${r.stderr}`).toBe('SIGKILL')
      expect(r.killedAt).toBeDefined()
      killed.push(r.killedAt!)
    }
    for (const share of [0.15, 0.45, 0.75]) {
      await killOnce(`history ${share}`, (p, start) => p.messages > start.messages && p.messages >= share * total.messages
        && p.messages < total.messages)
    }
    for (let i = 0; i < 2; i++) {
      await killOnce(`media ${i}`, (p, start) => p.messages === total.messages && p.media > start.media && p.media < total.media)
    }
    for (const [i, p] of killed.entries()) {
      if (i < 3) expect(p.messages).toBeLessThan(total.messages)
      else expect(p.media).toBeLessThan(total.media)
    }
    expect(killed[3]!.messages).toBe(total.messages)
    expect(killed[4]!.media).toBeGreaterThan(killed[3]!.media)

    const last = await runCli(args, out)
    expect(last.code, last.stderr).toBe(0)

    const report = verifyVault(out)
    expect(report.problems).toEqual([])
    for (const chat of sim.world.chats) expect(idsInVault(report, chat.id)).toEqual(worldIds(sim, chat.id))
    expect(readdirSync(join(out, '.tobs', 'tmp'))).toEqual([])
    expect(progressOf(out)).toEqual(total)

    const a = vaultFiles(out, { blankExportedAt: true })
    const b = vaultFiles(clean, { blankExportedAt: true })
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort())
    for (const [path, text] of b) expect(a.get(path), path).toBe(text)
  }, 180_000)
})
