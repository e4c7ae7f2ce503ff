// Ctrl-C, SIGTERM and SIGHUP in the commands that talk to Telegram without storing history (chats,
// plan, login, logout) and in `tobs process` (issue 14): one line, the signal's exit code, nothing
// saved half-way, and the rerun does the whole job. In-process: the signals come from the test.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main.ts'
import { startSimulator, withoutSelf, writeSessionFile } from '../../src/sim/simulator.ts'
import { connect } from '../../src/telegram/connect.ts'
import { runExport } from '../../src/export/run-export.ts'
import { findFfmpeg, which } from '../../src/media/process/tools.ts'
import { verifyVault } from '../../src/vault/verify.ts'
import { captureOut, FakeSignals, runTobs } from '../cli.ts'
import { ALL_KINDS, defaultMedia, tempVault, type Sim } from '../helpers.ts'

/** Sends `signal` once `ready()` holds (polled every 10 ms). */
function sendWhen(signals: FakeSignals, signal: 'SIGINT' | 'SIGTERM' | 'SIGHUP', ready: () => boolean): { sent: () => boolean } {
  let sent = false
  const t = setInterval(() => {
    if (!ready()) return
    clearInterval(t)
    sent = true
    signals.send(signal)
  }, 10)
  return { sent: () => sent }
}

/** Calls the simulator has answered or is answering, every method together. */
const calls = (sim: Sim) => Object.values(sim.counters().calls).reduce((a, b) => a + b, 0)

describe('stopping the commands that only read from Telegram', () => {
  let sim: Sim
  let session: string

  beforeAll(async () => {
    // slow answers, so a signal lands while the command still waits for the server
    sim = await startSimulator({ seed: 4, messages: 300, knobs: { latencyMs: { 2: 300, 4: 300 } } })
    session = join(tempVault(), 'sim.json')
    await writeSessionFile(session, sim.session)
  })
  afterAll(async () => {
    await sim?.close()
  })

  for (const [command, signal, code] of [['chats', 'SIGINT', 130], ['plan', 'SIGTERM', 143]] as const) {
    it(`tobs ${command}: ${signal} while it waits for the server gives one line and exit ${code}, no listing`, async () => {
      const signals = new FakeSignals()
      const before = calls(sim)
      const stop = sendWhen(signals, signal, () => calls(sim) > before)
      const args = command === 'plan' ? ['plan', '--session', session, '--kinds', 'channel', '--json'] : ['chats', '--session', session]
      const r = await runTobs(args, { signals })
      expect(stop.sent()).toBe(true)
      expect(r.stderr).toBe('tobs: interrupted\n')
      expect(r.code).toBe(code)
      expect(r.stdout).toBe('')
      // and again, without a signal, it lists in full
      const again = await runTobs(args)
      expect(again.code, again.stderr).toBe(0)
      expect(again.stdout.length).toBeGreaterThan(20)
    }, 60_000)
  }

  it('tobs logout: SIGHUP before the server answers keeps the session file; the rerun logs out', async () => {
    const mine = join(tempVault(), 'sim.json')
    await writeSessionFile(mine, sim.session)
    const kept = readFileSync(mine, 'utf8')
    const signals = new FakeSignals()
    const before = calls(sim)
    sendWhen(signals, 'SIGHUP', () => calls(sim) > before)
    const r = await runTobs(['logout', '--session', mine], { signals })
    expect(r.stderr).toBe('tobs: interrupted; rerun the same command to resume\n')
    expect(r.code).toBe(129)
    expect(readFileSync(mine, 'utf8')).toBe(kept)
    const again = await runTobs(['logout', '--session', mine])
    expect(again.code, again.stderr).toBe(0)
    expect(again.stdout).toMatch(/^logged out; /)
  }, 60_000)
})

describe('stopping tobs login at a question', () => {
  let sim: Sim
  afterAll(async () => {
    await sim?.close()
  })

  it('Ctrl-C while it waits for the phone number: one line, exit 130, the session file as it was', async () => {
    sim = await startSimulator({ seed: 5, messages: 100, loggedOut: true })
    const path = join(tempVault(), 'sim.json')
    await writeSessionFile(path, withoutSelf(sim.session))
    const before = readFileSync(path, 'utf8')
    const stdin = new PassThrough() // a script that never answers
    const stderr = captureOut()
    const signals = new FakeSignals()
    const stop = sendWhen(signals, 'SIGINT', () => stderr.text().includes('Phone number'))
    const code = await main(['login', '--session', path], {
      stdin, stdout: captureOut(), stderr, signals, env: { ...process.env, TOBS_HOME: tempVault() },
    })
    expect(stop.sent()).toBe(true)
    expect(stderr.text().split('\n').filter(Boolean).at(-1)).toBe('tobs: interrupted; not logged in')
    expect(code).toBe(130)
    expect(readFileSync(path, 'utf8')).toBe(before)
  }, 60_000)
})

describe.skipIf(!findFfmpeg() || !which('pocketsphinx_continuous'))('stopping tobs process (needs ffmpeg and pocketsphinx: .ci/run installs them)', () => {
  let sim: Sim
  afterAll(async () => {
    await sim?.close()
  })

  it('SIGINT between transcriptions: one line, exit 130, the rest pending; the rerun finishes them', async () => {
    sim = await startSimulator({ seed: 5, messages: 250 })
    const out = tempVault()
    // exported where ffmpeg is missing: every voice note waits for `tobs process`
    const conn = await connect({ kind: 'sim', session: sim.session })
    try {
      await runExport({ targets: [], kinds: [...ALL_KINDS], out, split: 'month', takeout: true, media: defaultMedia, process: { transcribe: { engine: 'pocketsphinx' } } },
        { client: conn.client, selfId: conn.selfId, env: { ...process.env, PATH: '/nonexistent', FFMPEG_PATH: '/nonexistent/ffmpeg' } })
    } finally {
      await conn.close()
    }
    const jobs = () => {
      const db = new Database(join(out, '.tobs', 'state.db'), { readonly: true })
      try {
        return Object.fromEntries((db.prepare('SELECT state, count(*) AS n FROM process_jobs GROUP BY state').all() as { state: string; n: number }[])
          .map((r) => [r.state, r.n])) as Record<string, number>
      } finally {
        db.close()
      }
    }
    const waiting = jobs().pending ?? 0
    expect(waiting).toBeGreaterThanOrEqual(3)
    const signals = new FakeSignals()
    const stop = sendWhen(signals, 'SIGINT', () => (jobs().done ?? 0) >= 1)
    const args = ['process', '--out', out, '--transcribe', '--process-workers', '1']
    const r = await runTobs(args, { signals })
    expect(stop.sent()).toBe(true)
    expect(r.stderr).toBe('tobs: interrupted; rerun the same command to resume\n')
    expect(r.code).toBe(130)
    // mid-way: some voice notes done, others still waiting, none failed by the stop
    const mid = jobs()
    expect(mid.done).toBeGreaterThanOrEqual(1)
    expect(mid.pending).toBeGreaterThanOrEqual(1)
    expect(mid.failed ?? 0).toBe(0)
    expect(existsSync(join(out, '.tobs', 'tmp')) ? readdirSync(join(out, '.tobs', 'tmp')) : []).toEqual([])
    expect(verifyVault(out).problems).toEqual([])

    const again = await runTobs(args)
    expect(again.code, again.stderr).toBe(0)
    expect(jobs().pending ?? 0).toBe(0)
    expect(jobs().failed ?? 0).toBe(0)
    expect(verifyVault(out).problems).toEqual([])
  }, 180_000)
})
