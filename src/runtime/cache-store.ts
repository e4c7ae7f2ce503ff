// Where a Cache keeps its entries: lru-cache for LRU and TTL (what it does best), and a small ordered
// map for the policies it lacks (LFU, FIFO, hybrid). Both answer to one contract (cache.test.ts).
import { LRUCache } from 'lru-cache'

export type Policy = 'lru' | 'lfu' | 'fifo' | 'ttl' | 'hybrid'

export interface StoreLimits {
  maxEntries: number
  /** 0 = no byte limit */
  maxBytes: number
  ttlMs?: number
  sizeOf: (value: unknown) => number
  onEvict: () => void
}

export interface Store<K, V> {
  get(key: K): V | undefined
  peek(key: K): V | undefined
  set(key: K, value: V): void
  delete(key: K): boolean
  clear(): void
  readonly size: number
  readonly bytes: number
  keys(): K[]
}

export function lruStore<K extends {}, V extends {}>(limits: StoreLimits, now: () => number): Store<K, V> {
  const cache = new LRUCache<K, V>({
    max: limits.maxEntries,
    ...(limits.maxBytes ? { maxSize: limits.maxBytes, sizeCalculation: (v: V) => Math.max(1, limits.sizeOf(v)) } : {}),
    ...(limits.ttlMs ? { ttl: limits.ttlMs, ttlResolution: 0, perf: { now } } : {}),
    dispose: (_v, _k, reason) => { if (reason === 'evict' || reason === 'expire') limits.onEvict() },
  })
  return {
    get: (k) => cache.get(k),
    peek: (k) => cache.peek(k),
    set: (k, v) => { cache.set(k, v) },
    delete: (k) => cache.delete(k),
    clear: () => cache.clear(),
    get size() { return cache.size },
    get bytes() { return limits.maxBytes ? cache.calculatedSize : 0 },
    keys: () => [...cache.keys()],
  }
}

interface Entry<V> { value: V; size: number; freq: number; expires: number }

/**
 * LFU, FIFO and hybrid on Maps: `entries` in insertion order (FIFO), `recency` reinserted on each
 * read (LRU), and frequency buckets for LFU, where the oldest key of the least-read bucket goes first.
 * Hybrid evicts by `primary` while the cache is filled below `threshold` of its entry limit (a byte
 * limit was reached by a few large entries) and by `secondary` past it (many small entries crowd in).
 */
export class OrderedStore<K, V> implements Store<K, V> {
  private readonly entries = new Map<K, Entry<V>>()
  private readonly recency = new Map<K, true>()
  private readonly buckets = new Map<number, Set<K>>()
  private total = 0

  constructor(
    private readonly limits: StoreLimits,
    private readonly policy: 'lfu' | 'fifo' | 'hybrid',
    private readonly hybrid: { primary: 'lru' | 'lfu' | 'fifo'; secondary: 'lru' | 'lfu' | 'fifo'; threshold: number },
    private readonly now: () => number,
  ) {}

  get size(): number { return this.entries.size }
  get bytes(): number { return this.total }
  keys(): K[] { return [...this.entries.keys()] }

  peek(key: K): V | undefined {
    const e = this.entries.get(key)
    if (!e) return undefined
    if (e.expires <= this.now()) { this.remove(key, true); return undefined }
    return e.value
  }

  get(key: K): V | undefined {
    const value = this.peek(key)
    if (value === undefined) return undefined
    this.touch(key, this.entries.get(key)!)
    return value
  }

  set(key: K, value: V): void {
    const size = this.limits.maxBytes ? Math.max(1, this.limits.sizeOf(value)) : 0
    if (this.limits.maxBytes && size > this.limits.maxBytes) return
    const old = this.entries.get(key)
    if (old) this.remove(key, false)
    const e: Entry<V> = { value, size, freq: old ? old.freq : 0, expires: this.limits.ttlMs ? this.now() + this.limits.ttlMs : Infinity }
    this.entries.set(key, e)
    this.total += size
    this.touch(key, e)
    while (this.entries.size > this.limits.maxEntries || (this.limits.maxBytes && this.total > this.limits.maxBytes)) {
      const victim = this.victim(key)
      if (victim === undefined) break
      this.remove(victim, true)
    }
  }

  delete(key: K): boolean {
    if (!this.entries.has(key)) return false
    this.remove(key, false)
    return true
  }

  clear(): void {
    this.entries.clear(); this.recency.clear(); this.buckets.clear(); this.total = 0
  }

  private touch(key: K, e: Entry<V>): void {
    this.recency.delete(key)
    this.recency.set(key, true)
    this.buckets.get(e.freq)?.delete(key)
    if (this.buckets.get(e.freq)?.size === 0) this.buckets.delete(e.freq)
    e.freq++
    let b = this.buckets.get(e.freq)
    if (!b) this.buckets.set(e.freq, (b = new Set()))
    b.add(key)
  }

  private remove(key: K, evicted: boolean): void {
    const e = this.entries.get(key)
    if (!e) return
    this.entries.delete(key)
    this.recency.delete(key)
    const b = this.buckets.get(e.freq)
    b?.delete(key)
    if (b?.size === 0) this.buckets.delete(e.freq)
    this.total -= e.size
    if (evicted) this.limits.onEvict()
  }

  /** the entry to evict; never the one just written */
  private victim(newest: K): K | undefined {
    const policy = this.policy === 'hybrid'
      ? (this.entries.size / this.limits.maxEntries >= this.hybrid.threshold ? this.hybrid.secondary : this.hybrid.primary)
      : this.policy
    if (policy === 'lfu') {
      const freqs = [...this.buckets.keys()].sort((a, b) => a - b)
      for (const f of freqs) for (const k of this.buckets.get(f)!) if (k !== newest) return k
      return undefined
    }
    const order = policy === 'lru' ? this.recency.keys() : this.entries.keys()
    for (const k of order) if (k !== newest) return k
    return undefined
  }
}
