import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import type { AscendingPage } from './history.ts'
import { fetchParallel, readHistory } from './history-shards.ts'

/** A fake history: ids 1..n minus the deleted ones, served 100 per page like getHistory. */
function fakeHistory(n: number, deleted: (id: number) => boolean, latency = 1) {
  const ids = Array.from({ length: n }, (_, i) => i + 1).filter((id) => !deleted(id))
  let inFlight = 0
  let peak = 0
  let requests = 0
  const fetch = async (after: number, to: number): Promise<AscendingPage> => {
    requests++
    inFlight++
    peak = Math.max(peak, inFlight)
    await new Promise((r) => setTimeout(r, latency))
    inFlight--
    const page = ids.filter((id) => id > after && (!to || id <= to)).slice(0, 100)
    const full = page.length === 100
    return {
      messages: page.map((id) => ({ id, chatId: 1, date: id, text: '', entities: [] })),
      lo: after + 1, hi: full ? page.at(-1)! : to || page.at(-1) || after, count: ids.length, done: !full,
    }
  }
  return { ids, fetch, stats: () => ({ peak, requests }) }
}

describe('fetchParallel', () => {
  it.each([1, 3, 8])('reads every id exactly once with %i workers, across gaps', async (workers) => {
    const h = fakeHistory(20_000, (id) => id % 7 === 0 || (id > 5000 && id < 6500))
    const seen: number[] = []
    await fetchParallel(h.fetch, 0, 20_000, (p) => { for (const m of p.messages) seen.push(m.id) }, { workers })
    expect(seen.sort((a, b) => a - b)).toEqual(h.ids)
    expect(h.stats().peak).toBeLessThanOrEqual(workers)
    if (workers > 1) expect(h.stats().peak).toBeGreaterThan(1)
    // nearly every request is a full page
    expect(h.stats().requests).toBeLessThan(h.ids.length / 100 + 3 * workers + 2)
  })

  it('resumes after a cursor and reads messages newer than the known top', async () => {
    const h = fakeHistory(3000, () => false)
    const seen: number[] = []
    await fetchParallel(h.fetch, 1200, 2500, (p) => { for (const m of p.messages) seen.push(m.id) }, { workers: 4 })
    expect(seen.sort((a, b) => a - b)).toEqual(h.ids.filter((id) => id > 1200))
  })
})

describe('readHistory', () => {
  it('keeps no page it handed on while the next requests are in flight (issue 10)', async () => {
    setFlagsFromString('--expose-gc')
    const gc = runInNewContext('gc') as () => void
    const workers = 3
    // the first page, then one page per worker; every request after those waits until released
    const answered = 1 + workers
    let calls = 0
    let release!: () => void
    const stalled = new Promise<void>((r) => (release = r))
    const fetch = async (after: number, to: number): Promise<AscendingPage> => {
      if (++calls > answered) {
        await stalled
        return { messages: [], lo: after + 1, hi: to || after, count: 0, done: true }
      }
      const messages = Array.from({ length: 100 }, (_, i) => ({ id: after + 1 + i, chatId: 1, date: 0, text: 'x'.repeat(50), entities: [] }))
      return { messages, lo: after + 1, hi: after + 100, count: 20_000, done: false }
    }
    const handed: WeakRef<object>[] = []
    const reading = readHistory(fetch, 0, 0, 20_000, (p) => void handed.push(new WeakRef(p.messages)), { workers })
    while (calls < answered + workers) await new Promise((r) => setImmediate(r))
    await new Promise((r) => setImmediate(r))
    gc()
    const held = handed.length
    const alive = handed.filter((w) => w.deref() !== undefined).length
    release()
    await reading
    expect(held).toBe(answered)
    // a worker kept the page it handed on until its next answer came, and the first page stayed for
    // the whole reading: each one alive through young collections, then promoted
    expect(alive).toBe(0)
  })

  it('keeps no page reachable from the promise of its request (issue 10)', async () => {
    setFlagsFromString('--expose-gc')
    const gc = runInNewContext('gc') as () => void
    // every request's promise is kept, as the old generation keeps promises a mark-compact moved
    // there while their requests were in flight: the page must not be their value
    const promises: Promise<unknown>[] = []
    const fetch = (after: number, to: number) => {
      const p = (async () => {
        await new Promise((r) => setImmediate(r))
        const last = Math.min(after + 100, to || 1000)
        let answer: number[] | undefined = Array.from({ length: last - after }, (_, i) => after + 1 + i)
        return () => {
          const ids = answer!
          answer = undefined
          const messages = ids.map((id) => ({ id, chatId: 1, date: 0, text: 'x'.repeat(50), entities: [] }))
          return { messages, lo: after + 1, hi: last, count: 1000, done: last >= (to || 1000) }
        }
      })()
      promises.push(p)
      return p
    }
    const handed: WeakRef<object>[] = []
    await readHistory(fetch, 0, 0, 1000, (p) => void handed.push(new WeakRef(p.messages)), { workers: 2, minShardIds: 100 })
    await new Promise((r) => setImmediate(r))
    gc()
    expect(handed.length).toBeGreaterThanOrEqual(10)
    expect(promises.length).toBe(handed.length)
    expect(handed.filter((w) => w.deref() !== undefined)).toHaveLength(0)
  })
})

