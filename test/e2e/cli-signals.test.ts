// Stopping tobs as people do: Ctrl-C or SIGTERM in the middle of downloads, and a reader that goes
// away (`tobs chats | head -1`). These need a real process: signals and pipes are the point.
import { spawn } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, writeSessionFile } from '../../src/sim/simulator.ts'
import { verifyVault } from '../../src/vault/verify.ts'
import { defaultMedia, exportSim, tempVault, type Sim } from '../helpers.ts'

const BIN = join(import.meta.dirname, '../../bin/tobs.js')

interface Run { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

/** Runs tobs; `onLine` sees each stdout line and may return a signal to send it. */
function tobs(args: string[], onLine?: (line: string) => NodeJS.Signals | undefined): Promise<Run> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, TOBS_HOME: tempVault() } })
  let stdout = ''
  let stderr = ''
  let sent = false
  child.stdout.on('data', (d) => {
    const before = stdout.length
    stdout += d
    if (!onLine || sent) return
    for (const line of stdout.slice(stdout.lastIndexOf('\n', before) + 1).split('\n').slice(0, -1)) {
      const sig = onLine(line)
      if (sig) {
        sent = true
        child.kill(sig)
        break
      }
    }
  })
  child.stderr.on('data', (d) => (stderr += d))
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })))
}

/** Media files in a vault (not its state or temporary files). */
function mediaFiles(vault: string): string[] {
  return readdirSync(vault, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.parentPath.includes('_media'))
    .map((e) => join(e.parentPath, e.name).slice(vault.length)).sort()
}

describe('Ctrl-C and SIGTERM', () => {
  let sim: Sim
  let session: string
  let allMedia: string[]

  beforeAll(async () => {
    sim = await startSimulator({ seed: 31, messages: 500 })
    session = join(tempVault(), 'sim.json')
    await writeSessionFile(session, sim.session)
    const clean = tempVault()
    await exportSim(sim, clean, { media: defaultMedia })
    allMedia = mediaFiles(clean)
  })
  afterAll(async () => {
    await sim?.close()
  })

  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    it(`${signal} in the media phase: one line, exit ${code}, nothing half-written, the rerun completes`, async () => {
      expect(allMedia.length).toBeGreaterThan(10)
      const out = tempVault()
      const args = ['export', '--session', session, '--kinds', 'channel,supergroup,private', '--out', out, '--json']
      let seen = 0
      // a slow link, so the downloads outlast the history and the signal lands among them
      const link = (bytesPerSecond?: number) => sim.servers.forEach((s) => s.setKnobs({ bytesPerSecond }))
      link(384 * 1024)
      const r = await tobs(args, (line) => {
        const e = JSON.parse(line)
        if (e.event === 'media') seen = e.files
        return e.event === 'media' && e.files >= 3 ? signal : undefined
      }).finally(() => link(undefined))
      expect(r.stderr, JSON.stringify([r.code, r.signal, r.stdout.slice(-600)])).toBe("tobs: interrupted; rerun the same command to resume\n")
      expect([r.code, r.signal]).toEqual([code, null])
      expect(r.stdout).not.toMatch(/"event":"summary"/)
      // it landed mid-media: some files were in, others not yet
      expect(seen).toBeGreaterThanOrEqual(3)
      const partial = mediaFiles(out)
      expect(partial.length).toBeGreaterThanOrEqual(3)
      expect(partial.length).toBeLessThan(allMedia.length)
      expect(partial.filter((f) => f.includes('.tmp-'))).toEqual([])
      expect(readdirSync(join(out, '.tobs', 'tmp'))).toEqual([])
      expect(verifyVault(out).problems.filter((p) => !/media|embed|link/i.test(p))).toEqual([])

      const again = await tobs(args)
      expect(again.code, again.stderr).toBe(0)
      expect(again.stderr).toBe('')
      expect(verifyVault(out).problems).toEqual([])
      const chats = sim.world.chats.filter((c) => ['channel', 'supergroup', 'private'].includes(c.kind))
      const expected = allMedia.filter((f) => chats.some((c) => f.includes(`(${c.id})`)))
      expect(mediaFiles(out)).toEqual(expected)
    }, 60_000)
  }
})

describe('a closed pipe', () => {
  let sim: Sim
  let session: string

  beforeAll(async () => {
    sim = await startSimulator({ seed: 8, messages: 200 })
    session = join(tempVault(), 'sim.json')
    await writeSessionFile(session, sim.session)
  })
  afterAll(async () => {
    await sim?.close()
  })

  it('tobs chats | head -1: the reader left before tobs wrote; tobs ends quietly', async () => {
    for (let i = 0; i < 3; i++) {
      const child = spawn(process.execPath, [BIN, 'chats', '--session', session], { env: { ...process.env, TOBS_HOME: tempVault() } })
      // the read end closes at once, so every write of the list meets EPIPE
      child.stdout.destroy()
      let stderr = ''
      child.stderr.on('data', (d) => (stderr += d))
      const code = await new Promise((resolve) => child.on('close', resolve))
      expect(stderr).toBe('')
      expect(code).toBe(0)
    }
  }, 30_000)
})
