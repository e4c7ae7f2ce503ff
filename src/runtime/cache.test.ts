import { afterEach, describe, expect, it, vi } from 'vitest'
import { Cache, CacheManager, type Policy } from './cache.ts'

const ALL: Policy[] = ['lru', 'lfu', 'fifo', 'ttl', 'hybrid']

// one contract for every policy
describe.each(ALL)('cache contract: %s', (policy) => {
  const make = (maxEntries = 3, maxBytes?: number) =>
    new Cache<string, string>({ name: 'c', policy, maxEntries, maxBytes, ttlMs: 60_000 })

  it('counts hits and misses and never holds more than maxEntries', () => {
    const c = make()
    for (const k of ['a', 'b', 'c', 'd', 'e']) c.set(k, k.toUpperCase())
    expect(c.size).toBe(3)
    expect(c.get('e')).toBe('E')
    expect(c.get('zz')).toBeUndefined()
    expect(c.stats()).toMatchObject({ hits: 1, misses: 1, evictions: 2, hitRate: 0.5, entries: 3 })
  })

  it('keeps bytes under maxBytes', () => {
    const c = make(100, 20) // 10 two-byte characters
    c.set('a', 'xxxx'); c.set('b', 'xxxx'); c.set('c', 'xxxx')
    expect(c.stats().bytes).toBeLessThanOrEqual(20)
    expect(c.size).toBe(2)
    expect(c.peek('c')).toBe('xxxx')
  })

  it('gets and sets in batches, resizes, clears', () => {
    const c = make(10)
    c.setMany([['a', '1'], ['b', '2'], ['c', '3']])
    expect([...c.getMany(['a', 'c', 'x'])]).toEqual([['a', '1'], ['c', '3']])
    c.resize({ maxEntries: 2 })
    expect(c.size).toBe(2)
    c.clear()
    expect(c.size).toBe(0)
  })
})

describe('eviction policies', () => {
  it('LFU keeps the two keys read most and evicts the third', () => {
    const c = new Cache<string, number>({ name: 'lfu', policy: 'lfu', maxEntries: 3 })
    c.setMany([['a', 1], ['b', 2], ['c', 3]])
    for (let i = 0; i < 5; i++) { c.get('a'); c.get('b') }
    c.get('c')
    c.set('d', 4)
    expect(c.has('a') && c.has('b') && c.has('d')).toBe(true)
    expect(c.has('c')).toBe(false)
  })

  it('LRU evicts the least recently read, FIFO the first written whatever was read', () => {
    const lru = new Cache<string, number>({ name: 'lru', policy: 'lru', maxEntries: 2 })
    const fifo = new Cache<string, number>({ name: 'fifo', policy: 'fifo', maxEntries: 2 })
    for (const c of [lru, fifo]) { c.set('a', 1); c.set('b', 2); c.get('a'); c.set('c', 3) }
    expect([lru.has('a'), lru.has('b')]).toEqual([true, false])
    expect([fifo.has('a'), fifo.has('b')]).toEqual([false, true])
  })

  it('hybrid evicts by its primary policy below the fill threshold and by its secondary past it', () => {
    const opts = { policy: 'hybrid' as const, hybrid: { primary: 'fifo' as const, secondary: 'lfu' as const, threshold: 0.5 } }
    // a byte limit reached by a few big entries: fill 2/10 < 0.5 -> FIFO drops the first written
    const big = new Cache<string, string>({ name: 'h1', maxEntries: 10, maxBytes: 40, ...opts })
    big.set('a', 'x'.repeat(10)); big.set('b', 'x'.repeat(5))
    big.get('a'); big.get('a')
    big.set('c', 'x'.repeat(10))
    expect([big.has('a'), big.has('b')]).toEqual([false, true])
    // many entries: fill 4/4 past 0.5 -> LFU drops the least read
    const many = new Cache<string, number>({ name: 'h2', maxEntries: 4, ...opts })
    many.setMany([['a', 1], ['b', 2], ['c', 3], ['d', 4]])
    for (const k of ['a', 'a', 'c', 'd']) many.get(k)
    many.set('e', 5)
    expect([many.has('a'), many.has('b')]).toEqual([true, false])
  })

  describe('TTL', () => {
    afterEach(() => { vi.useRealTimers() })
    it.each(['ttl', 'lfu'] as const)('%s: an entry expires after ttlMs (fake timers)', (policy) => {
      vi.useFakeTimers()
      const c = new Cache<string, number>({ name: 't', policy, maxEntries: 10, ttlMs: 1000 })
      c.set('a', 1)
      vi.advanceTimersByTime(999)
      expect(c.get('a')).toBe(1)
      c.set('b', 2)
      vi.advanceTimersByTime(2)
      expect(c.get('a')).toBeUndefined()
      expect(c.get('b')).toBe(2)
      vi.advanceTimersByTime(1000)
      expect(c.get('b')).toBeUndefined()
      expect(c.stats().evictions).toBe(2)
    })
  })
})

describe('CacheManager', () => {
  it('lists every cache and clears them all', () => {
    const m = new CacheManager()
    const a = m.create<string, number>({ name: 'a', policy: 'lru', maxEntries: 5 })
    const b = m.create<number, string>({ name: 'b', policy: 'lfu', maxEntries: 5 })
    a.set('x', 1); b.set(1, 'y'); a.get('x')
    expect(m.list().map((s) => [s.name, s.entries, s.hits])).toEqual([['a', 1, 1], ['b', 1, 0]])
    m.clearAll()
    expect(m.list().map((s) => s.entries)).toEqual([0, 0])
    expect(() => m.create({ name: 'a', policy: 'lru', maxEntries: 1 })).toThrow(/exists/)
  })
})
