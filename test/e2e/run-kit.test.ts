// The performance kit used by a real export (issue 12): downloads run on the coordinator's I/O pool
// and the caches of the export path report their hit rates, all in the --json summary.
import { describe, expect, it } from 'vitest'
import { startSimulator } from '../../src/sim/simulator.ts'
import type { PoolMetrics } from '../../src/runtime/pool.ts'
import { defaultMedia, exportSim, tempVault } from '../helpers.ts'

type CacheFigures = Record<string, { hit_rate: number; hits: number; misses: number; entries: number }>

describe('the kit in an export', () => {
  it('downloads go through the I/O pool and every cache of the export path says how often it hit', async () => {
    const sim = await startSimulator({ seed: 5, messages: 700 })
    try {
      const summary = await exportSim(sim, tempVault(), { media: { ...defaultMedia, concurrency: 3 } })
      const io = (summary.pools as PoolMetrics[]).find((p) => p.name === 'io')!
      // every download (and every hash comparison of a same-sized file) was one task of the pool
      expect(io.concurrency).toBe(3)
      expect(io.done).toBeGreaterThanOrEqual(summary.media_files)
      expect(io).toMatchObject({ failed: 0, queued: 0, running: 0 })
      expect(io.avgMs).toBeGreaterThan(0)
      const caches = summary.caches as CacheFigures
      expect(Object.keys(caches).sort()).toEqual(['file-hashes', 'file-locations', 'note-paths', 'reply-previews'])
      // a file of several parts parses its location once; identical bytes under new ids are
      // compared with the stored copy's part hashes without reading it again
      expect(caches['file-locations']!.hits).toBeGreaterThan(0)
      expect(caches['file-hashes']!.hits).toBeGreaterThan(0)
      for (const c of Object.values(caches)) expect(c.hit_rate).toBeCloseTo(c.hits / (c.hits + c.misses), 2)
    } finally {
      await sim.close()
    }
  }, 120_000)
})
