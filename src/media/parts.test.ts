import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fetchParts, PartFailed, partSizeFor } from './parts.ts'

const bytes = (size: number) => Uint8Array.from({ length: size }, (_, i) => (i * 7 + (i >> 9)) & 0xff)

function reader(data: Uint8Array, behave: (offset: number, call: number) => 'ok' | 'hang' | 'fail' = () => 'ok') {
  const calls: number[] = []
  const read = (offset: number, limit: number, signal: AbortSignal): Promise<Uint8Array> => {
    calls.push(offset)
    const what = behave(offset, calls.filter((o) => o === offset).length)
    if (what === 'hang') return new Promise(() => {}) // never answers, ignores its signal
    if (what === 'fail') return Promise.reject(new Error('INTERNAL'))
    signal.throwIfAborted()
    return Promise.resolve(data.slice(offset, offset + limit))
  }
  return { read, calls }
}

const plan = (path: string, size: number, over = {}) => ({ path, size, partSize: 4096, start: 0, inFlight: 3, stallMs: 150, tries: 3, ...over })

describe('fetchParts', () => {
  it('picks part sizes Telegram accepts', () => {
    for (const size of [1, 5000, 300_000, 600_000, 5_000_000, 80_000_000]) {
      const p = partSizeFor(size)
      expect(p % 4096).toBe(0)
      expect((1 << 20) % p).toBe(0)
    }
    expect(partSizeFor(60_000)).toBe(65536)
  })

  it('abandons a stalled part after the stall timeout and asks again', async () => {
    const data = bytes(40_000)
    const path = join(mkdtempSync(join(tmpdir(), 'parts-')), 'f.part')
    const { read, calls } = reader(data, (off, n) => (off === 8192 && n === 1 ? 'hang' : 'ok'))
    const t = Date.now()
    await fetchParts(plan(path, data.length), read)
    expect(Buffer.from(readFileSync(path)).equals(Buffer.from(data))).toBe(true)
    expect(calls.filter((o) => o === 8192)).toHaveLength(2)
    expect(Date.now() - t).toBeGreaterThanOrEqual(140)
  })

  it('retries a failing part with backoff, then fails the file with the reason', async () => {
    const data = bytes(20_000)
    const path = join(mkdtempSync(join(tmpdir(), 'parts-')), 'f.part')
    const flaky = reader(data, (off, n) => (off === 4096 && n < 3 ? 'fail' : 'ok'))
    await fetchParts(plan(path, data.length), flaky.read)
    expect(Buffer.from(readFileSync(path)).equals(Buffer.from(data))).toBe(true)
    const broken = reader(data, (off) => (off === 4096 ? 'fail' : 'ok'))
    await expect(fetchParts(plan(path, data.length), broken.read)).rejects.toThrow(PartFailed)
    expect(broken.calls.filter((o) => o === 4096)).toHaveLength(3)
  })

  it('resumes after the complete prefix without asking for it again', async () => {
    const data = bytes(50_000)
    const path = join(mkdtempSync(join(tmpdir(), 'parts-')), 'f.part')
    // a killed run left 3 parts and some garbage after them
    writeFileSync(path, Buffer.concat([Buffer.from(data.subarray(0, 12288)), Buffer.alloc(3000, 9)]))
    const { read, calls } = reader(data)
    const prefixes: number[] = []
    await fetchParts(plan(path, data.length, { start: 12288, onPrefix: (d: number) => prefixes.push(d) }), read)
    expect(Math.min(...calls)).toBe(12288)
    expect(Buffer.from(readFileSync(path)).equals(Buffer.from(data))).toBe(true)
    expect(prefixes.at(-1)).toBe(data.length)
  })
})
