// sharp in its own process at the lowest CPU priority: real images, a real child process.
import { existsSync, mkdtempSync } from 'node:fs'
import { getPriority, tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterEach, describe, expect, it } from 'vitest'
import { IMAGE_DEFAULTS } from './image.ts'
import { ImageWorker } from './image-worker.ts'

const workers: ImageWorker[] = []
afterEach(() => { for (const w of workers.splice(0)) w.close() })

async function photo(dir: string, name: string, width = 3000, height = 2000): Promise<string> {
  const path = join(dir, name)
  await sharp({ create: { width, height, channels: 3, background: '#48c' } }).jpeg({ quality: 95 }).toFile(path)
  return path
}

describe('ImageWorker', () => {
  it('optimises in a child process that runs at the lowest CPU priority', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tobs-imgw-'))
    const w = new ImageWorker(1)
    workers.push(w)
    const done = w.optimize(await photo(dir, 'a.jpg'), join(dir, 'a.webp'), { ...IMAGE_DEFAULTS, maxEdge: 1000 })
    expect(w.pid).toBeGreaterThan(0)
    expect(w.pid).not.toBe(process.pid)
    // 19 where the kernel let the child lower itself (it always may), the parent's unchanged
    expect(getPriority(w.pid!)).toBe(19)
    expect(getPriority()).not.toBe(19)
    const r = await done
    expect(r).toMatchObject({ width: 1000, height: 667 })
    const meta = await sharp(join(dir, 'a.webp')).metadata()
    expect(meta.format).toBe('webp')
  })

  it('a file sharp cannot read rejects with sharp\'s reason, and the worker serves the next one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tobs-imgw-'))
    const w = new ImageWorker(1)
    workers.push(w)
    await expect(w.optimize(join(dir, 'missing.jpg'), join(dir, 'x.webp'), IMAGE_DEFAULTS)).rejects.toThrow(/missing|exist/i)
    await w.optimize(await photo(dir, 'b.jpg', 800, 600), join(dir, 'b.webp'), IMAGE_DEFAULTS)
    expect(existsSync(join(dir, 'b.webp'))).toBe(true)
  })

  it('an abort ends the child and rejects; a later call starts a new one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tobs-imgw-'))
    const w = new ImageWorker(1)
    workers.push(w)
    const src = await photo(dir, 'c.jpg', 6000, 4000)
    const ctl = new AbortController()
    const p = w.optimize(src, join(dir, 'c.webp'), IMAGE_DEFAULTS, ctl.signal)
    const first = w.pid
    ctl.abort(new Error('stopped'))
    await expect(p).rejects.toThrow('stopped')
    expect(w.pid).toBeUndefined()
    await w.optimize(await photo(dir, 'd.jpg', 800, 600), join(dir, 'd.webp'), IMAGE_DEFAULTS)
    expect(w.pid).not.toBe(first)
  })
})
