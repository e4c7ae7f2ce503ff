// The processing phase reports as it goes (issue 12): after the downloads, the jobs can take minutes
// and nothing else moves. The real CLI, piped, against the simulator: JSON lines as for every event.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findFfmpeg, which } from '../../src/media/process/tools.ts'
import { tempVault } from '../helpers.ts'

const BIN = join(import.meta.dirname, '../../bin/tobs.js')

interface Tick { done: number; total: number; images: number; videos: number; transcripts: number; failed: number; skipped: number }

/** Runs bin/tobs.js with stdout a pipe; its JSON lines, and its exit code. */
function tobs(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; lines: Record<string, unknown>[]; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env })
    let out = ''
    let stderr = ''
    child.stdout.on('data', (c) => { out += String(c) })
    child.stderr.on('data', (c) => { stderr += String(c) })
    child.on('error', reject)
    child.on('exit', (code) => resolve({ code, stderr, lines: out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) }))
  })
}

/** The run's processing events: done never goes back, and the last one has every job done. */
function expectCountedToTheEnd(lines: Record<string, unknown>[]): Tick[] {
  const ticks = lines.filter((l) => l.event === 'processing') as unknown as Tick[]
  expect(ticks.length).toBeGreaterThanOrEqual(2)
  expect(ticks[0]!.done).toBeLessThan(ticks[0]!.total)
  for (let i = 1; i < ticks.length; i++) {
    expect(ticks[i]!.done, JSON.stringify(ticks)).toBeGreaterThanOrEqual(ticks[i - 1]!.done)
    expect(ticks[i]!.total).toBeGreaterThanOrEqual(ticks[i - 1]!.total)
  }
  const last = ticks.at(-1)!
  expect(last.done).toBe(last.total)
  expect(last.total).toBeGreaterThan(0)
  return ticks
}

describe('processing progress, piped', () => {
  it('tobs demo --optimize-images: processing events count the photos up to the total, before the summary', async () => {
    const out = tempVault()
    const r = await tobs(['demo', '--out', out, '--messages', '400', '--optimize-images'])
    expect(r.code, r.stderr).toBe(0)
    const ticks = expectCountedToTheEnd(r.lines)
    const last = ticks.at(-1)!
    const summary = r.lines.at(-1)!
    expect(summary.event).toBe('summary')
    // every job was a photo: optimised, or kept when it would not get smaller
    const done = summary.processing as { images: number; failed: number }
    expect(last).toMatchObject({ images: done.images, failed: 0, videos: 0, transcripts: 0 })
    expect(last.images + last.skipped).toBe(last.total)
    expect(r.lines.findIndex((l) => l.event === 'processing')).toBeLessThan(r.lines.length - 1)
  }, 120_000)

  it.skipIf(!findFfmpeg() || !which('pocketsphinx_continuous'))('tobs process reports its pending jobs the same way (needs ffmpeg and pocketsphinx)', async () => {
    const out = tempVault()
    // exported where ffmpeg is missing: the voice notes' transcriptions wait for `tobs process`
    const first = await tobs(['demo', '--out', out, '--messages', '250', '--transcribe', '--quiet'],
      { ...process.env, PATH: '/nonexistent', FFMPEG_PATH: '/nonexistent/ffmpeg' })
    expect(first.code, first.stderr).toBe(0)
    expect(first.lines.filter((l) => l.event === 'processing')).toEqual([])
    const r = await tobs(['process', '--out', out])
    expect(r.code, r.stderr).toBe(0)
    const ticks = expectCountedToTheEnd(r.lines)
    expect(ticks.at(-1)).toMatchObject({ transcripts: ticks.at(-1)!.total, failed: 0 })
    expect(r.stderr).toMatch(new RegExp(`^processed ${ticks.at(-1)!.total} pending jobs, rewrote \\d+ notes\n$`))
  }, 180_000)
})
