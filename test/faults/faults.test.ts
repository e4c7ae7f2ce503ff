// The fault suite (issue 16): the simulator runs in its own process and fails the way servers do:
// it is killed mid-export, it freezes mid-file (SIGSTOP: connections open, nothing answers), it loses
// answers at random (dropped connections, and connections that go silent while staying open). Each
// export either completes or ends with one line on stderr and a non-zero exit within a bounded time,
// and a rerun against a healthy server gives exactly the vault a clean export gives.
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyVault } from '../../src/vault/verify.ts'
import { tempVault, vaultFiles } from '../helpers.ts'

const ROOT = join(import.meta.dirname, '../..')
const BIN = join(ROOT, 'bin/tobs.js')
const SEED = 11
const MESSAGES = 400
/** deadline of one try of a request, and tries per request, for these runs */
const TIMEOUT_MS = 2000
const TRIES = 2
/** the media queue's own stall timeout per file part (src/media/queue.ts DEFAULT_TUNING) */
const MEDIA_STALL_MS = 20_000
/** the most a run may take to end once the server is gone: a part's stall or every try of a request, plus slack for a loaded shared machine */
const GIVE_UP_MS = Math.max(MEDIA_STALL_MS, TIMEOUT_MS * TRIES) + 25_000

interface SimProcess { proc: ChildProcess; session: string; counters(): Promise<Record<string, number>>; stop(): Promise<void> }

async function startSim(knobs: object = {}): Promise<SimProcess> {
  const session = join(tempVault(), 'sim.json')
  const proc = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'sim-process.ts'), session, String(SEED), String(MESSAGES), JSON.stringify(knobs)], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'],
  })
  const lines: string[] = []
  let waiting: ((line: string) => void) | undefined
  proc.stdout!.setEncoding('utf8').on('data', (d: string) => {
    for (const l of d.split('\n').filter(Boolean)) waiting ? waiting(l) : lines.push(l)
  })
  const next = () => new Promise<string>((r) => (lines.length ? r(lines.shift()!) : (waiting = (l) => ((waiting = undefined), r(l)))))
  expect(await next()).toBe('ready')
  return {
    proc, session,
    counters: async () => {
      proc.kill('SIGUSR2')
      return JSON.parse(await next()) as Record<string, number>
    },
    stop: async () => {
      if (proc.exitCode !== null || proc.signalCode !== null) return
      proc.kill('SIGCONT')
      proc.kill('SIGKILL')
      await once(proc, 'exit')
    },
  }
}

interface Run { code: number | null; signal: string | null; stderr: string; ms: number; faultAt?: number; events: { event: string; [k: string]: unknown }[] }

/** `tobs export` of the whole world; `fault` runs once, the first time an event satisfies `when`. */
function exportRun(session: string, out: string, when?: (e: Run['events'][number]) => boolean, fault?: () => void): Promise<Run> {
  const started = Date.now()
  const child = spawn(process.execPath, [BIN, 'export', '--session', session, '--kinds', 'channel,group,supergroup,forum,private,saved,bot', '--out', out, '--json'], {
    env: { ...process.env, TOBS_REQUEST_TIMEOUT_MS: String(TIMEOUT_MS), TOBS_REQUEST_RETRIES: String(TRIES - 1) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const run: Run = { code: null, signal: null, stderr: '', ms: 0, events: [] }
  let rest = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    const lines = (rest + d).split('\n')
    rest = lines.pop()!
    for (const l of lines) {
      const e = JSON.parse(l) as Run['events'][number]
      run.events.push(e)
      if (run.faultAt === undefined && when?.(e)) {
        run.faultAt = Date.now() - started
        fault!()
      }
    }
  })
  child.stderr.setEncoding('utf8').on('data', (d: string) => (run.stderr += d))
  // a hang is a failure of the test, not of the machine: cap it well above GIVE_UP_MS
  const cap = setTimeout(() => child.kill('SIGKILL'), 120_000)
  return new Promise((resolve) => child.on('exit', (code, signal) => {
    clearTimeout(cap)
    Object.assign(run, { code, signal, ms: Date.now() - started })
    resolve(run)
  }))
}

const mediaStarted = (e: Run['events'][number]) => e.event === 'media' && Number(e.files) > 0
const historyStarted = (e: Run['events'][number]) => e.event === 'chat_progress' || e.event === 'chat_finished'

/** The run ended in one of the two allowed ways; returns which. */
function endedCleanly(r: Run): 'completed' | 'gave up' {
  expect(r.signal, `killed by the test's cap after ${r.ms} ms: the export hung`).toBeNull()
  if (r.code === 0) return 'completed'
  expect(r.code).toBe(1)
  expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1)
  expect(r.stderr).toMatch(/^tobs: /)
  return 'gave up'
}

/** Figures for the README's reliability paragraph, printed once at the end. */
const figures: Record<string, unknown> = {}

describe('fault suite: the simulator in its own process', () => {
  let reference: Map<string, string>
  let referenceDir: string
  let healthy: SimProcess

  beforeAll(async () => {
    healthy = await startSim()
    const out = tempVault()
    referenceDir = out
    const r = await exportRun(healthy.session, out)
    expect(r.code, r.stderr).toBe(0)
    reference = vaultFiles(out, { blankExportedAt: true })
    expect([...reference.keys()].filter((p) => p.includes('_media')).length).toBeGreaterThan(20)
  }, 120_000)

  afterAll(async () => {
    await healthy?.stop()
    process.stdout.write(`fault suite figures: ${JSON.stringify(figures)}\n`)
  })

  /**
   * The rerun against a healthy server gives the clean vault. `exact: false` holds the notes to it
   * (every note there, every message once) but not the media files that failed while the server was
   * gone: fetching those again on a rerun is issue 16 item 4 (the media engineer's), not yet on main.
   */
  async function rerunMatches(out: string, exact = true): Promise<void> {
    const again = await exportRun(healthy.session, out)
    expect(again.code, again.stderr).toBe(0)
    const files = vaultFiles(out, { blankExportedAt: true })
    if (exact) return void expect(files).toEqual(reference)
    const notes = (m: Map<string, string>) => [...m.keys()].filter((p) => p.endsWith('.md')).sort()
    expect(notes(files)).toEqual(notes(reference))
    const report = verifyVault(out)
    const clean = verifyVault(referenceDir)
    expect([...report.messageIds.entries()].map(([k, v]) => [k, [...v].sort((a, b) => a - b)]))
      .toEqual([...clean.messageIds.entries()].map(([k, v]) => [k, [...v].sort((a, b) => a - b)]))
    const missing = [...reference.keys()].filter((p) => !files.has(p))
    figures.media_missing_after_rerun = [...(figures.media_missing_after_rerun as number[] ?? []), missing.length]
    for (const p of missing) expect(p).toContain('_media')
  }

  it('a simulator killed mid-history: one line and exit 1 within the bound; the rerun gives every note (media failed then: item 4)', async () => {
    const sim = await startSim()
    const out = tempVault()
    const r = await exportRun(sim.session, out, historyStarted, () => sim.proc.kill('SIGKILL'))
    expect(r.faultAt, 'the kill must land while the export runs').toBeDefined()
    expect(endedCleanly(r)).toBe('gave up')
    expect(r.ms - r.faultAt!).toBeLessThan(GIVE_UP_MS)
    figures.killed = { gave_up_after_ms: r.ms - r.faultAt!, line: r.stderr.trim() }
    await rerunMatches(out, false)
  }, 180_000)

  it('a simulator that stops answering mid-file (SIGSTOP): one line and exit 1 within the bound; the rerun gives every note (media failed then: item 4)', async () => {
    const sim = await startSim({ bytesPerSecond: 4 * 2 ** 20 })
    const out = tempVault()
    try {
      const r = await exportRun(sim.session, out, mediaStarted, () => sim.proc.kill('SIGSTOP'))
      expect(r.faultAt, 'the freeze must land in the media phase').toBeDefined()
      // gives up (history left) or completes with the files it could not fetch named as warnings
      const how = endedCleanly(r)
      expect(r.ms - r.faultAt!).toBeLessThan(GIVE_UP_MS)
      const failed = r.events.filter((e) => e.event === 'warning')
      if (how === 'completed') expect(failed.length).toBeGreaterThan(0)
      figures.frozen = { how, ended_after_ms: r.ms - r.faultAt!, line: r.stderr.trim(), failed_files: failed.length }
    } finally {
      await sim.stop()
    }
    await rerunMatches(out, false)
  }, 180_000)

  it('answers lost at random (5 % of connections dropped, 2 % gone silent): completes or gives up in bounded time; the rerun gives the clean vault', async () => {
    const sim = await startSim({ dropRate: 0.05, stallRate: 0.02, seed: 5 })
    const out = tempVault()
    try {
      const r = await exportRun(sim.session, out)
      const how = endedCleanly(r)
      const c = await sim.counters()
      expect(c.droppedConnections + c.stalledConnections, 'the faults must have happened').toBeGreaterThan(2)
      figures.lossy = { how, ms: r.ms, dropped: c.droppedConnections, stalled: c.stalledConnections, warnings: r.events.filter((e) => e.event === 'warning').length }
    } finally {
      await sim.stop()
    }
    await rerunMatches(out)
  }, 240_000)

  it('connections that go silent are replaced: with silence alone the export completes', async () => {
    const sim = await startSim({ stallRate: 0.03, seed: 8 })
    const out = tempVault()
    try {
      const r = await exportRun(sim.session, out)
      const c = await sim.counters()
      expect(c.stalledConnections, 'some connections must have gone silent').toBeGreaterThan(0)
      expect(r.code, r.stderr).toBe(0)
      figures.silent = { ms: r.ms, stalled: c.stalledConnections, connections: c.connections }
    } finally {
      await sim.stop()
    }
  }, 240_000)
})
