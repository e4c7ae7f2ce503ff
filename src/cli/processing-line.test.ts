import stringWidth from 'string-width'
import { describe, expect, it, vi } from 'vitest'
import { Writable } from 'node:stream'
import type { Out } from './io.ts'
import { processingLine } from './processing-line.ts'
import { ttyProgress } from './progress-tty.ts'

const tick = { done: 0, total: 40, images: 0, videos: 0, transcripts: 0, failed: 0, skipped: 0 }

describe('processing line', () => {
  it('counts jobs done of those started, what they did, failures, and an ETA from the recent rate', () => {
    const line = processingLine()
    expect(line(tick, 0, 80)).toBe('processing 0/40 jobs')
    // 12 jobs in 10 s: 28 left at 1.2 a second
    expect(line({ ...tick, done: 12, images: 5, videos: 2, transcripts: 4, failed: 1 }, 10_000, 80))
      .toBe('processing 12/40 jobs (images 5, videos 2, transcripts 4), 1 failed, ETA 24s')
    // photos the optimiser could not make smaller are done too, their originals kept; no ETA at the end
    expect(line({ ...tick, done: 40, images: 33, transcripts: 3, failed: 1, skipped: 3 }, 20_000, 80))
      .toBe('processing 40/40 jobs (images 33, transcripts 3), 1 failed, 3 unchanged')
  })

  it('fits 80 columns with big counts by dropping the breakdown, keeping failures and the ETA', () => {
    const line = processingLine()
    const big = { done: 0, total: 123_456, images: 0, videos: 0, transcripts: 0, failed: 0, skipped: 0 }
    line(big, 0, 80)
    const text = line({ ...big, done: 61_000, images: 50_000, videos: 4_000, transcripts: 6_000, failed: 1_000, skipped: 0 }, 600_000, 80)
    expect(stringWidth(text)).toBeLessThan(80)
    expect(text).toBe('processing 61000/123456 jobs, 1000 failed, ETA 10m')
    // a wide terminal has room for all of it
    const wide = processingLine()
    wide(big, 0, 200)
    expect(wide({ ...big, done: 61_000, images: 50_000, videos: 4_000, transcripts: 6_000, failed: 1_000, skipped: 0 }, 600_000, 200))
      .toBe('processing 61000/123456 jobs (images 50000, videos 4000, transcripts 6000), 1000 failed, ETA 10m')
  })

  it('is one line of the terminal display, under the media line, its last state drawn at once', () => {
    let raw = ''
    const out = new Writable({ write(c, _e, done) { raw += String(c); done() } }) as Out
    Object.assign(out, { isTTY: true, columns: 80 })
    const p = ttyProgress(out, { NO_COLOR: '1' })
    p.media({ files: 3, bytes: 2 ** 20, skipped: 0, queued: 0 })
    p.processing({ ...tick, total: 3 })
    // well within the redraw's rate limit: still drawn, being the last
    p.processing({ ...tick, total: 3, done: 3, images: 3 })
    const last = raw.split('\x1b[2K').at(-1)!
    expect(last).toBe('media      3 files, 1.0 MB\nprocessing 3/3 jobs (images 3)\n')
  })

  it('once processing runs, the media line stops showing the last download rate', () => {
    vi.useFakeTimers({ now: 0 })
    try {
      let raw = ''
      const out = new Writable({ write(c, _e, done) { raw += String(c); done() } }) as Out
      Object.assign(out, { isTTY: true, columns: 80 })
      const p = ttyProgress(out, { NO_COLOR: '1' })
      p.media({ files: 1, bytes: 2 ** 20, skipped: 0, queued: 1, received: 2 ** 20 })
      vi.setSystemTime(1000)
      p.media({ files: 3, bytes: 3 * 2 ** 20, skipped: 0, queued: 0, received: 3 * 2 ** 20 })
      expect(raw.split('\x1b[2K').at(-1)).toMatch(/MB\/s/)
      // the downloads are done; jobs finish for longer than the rate's window
      vi.setSystemTime(7000)
      p.processing({ ...tick, total: 3, done: 1, images: 1 })
      vi.setSystemTime(8000)
      p.processing({ ...tick, total: 3, done: 3, images: 3 })
      expect(raw.split('\x1b[2K').at(-1)).toBe('media      3 files, 3.0 MB\nprocessing 3/3 jobs (images 3)\n')
    } finally {
      vi.useRealTimers()
    }
  })
})
