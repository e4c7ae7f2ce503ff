// A cache with an explicit eviction policy (LRU, LFU, FIFO, TTL, hybrid), limits by entries and
// bytes, hit/miss/eviction counters, batch get and insert, and resize; caches register with a
// CacheManager that lists them and clears them all (issue 12).
import { lruStore, OrderedStore, type Policy, type Store, type StoreLimits } from './cache-store.ts'

export type { Policy } from './cache-store.ts'

export interface CacheOptions<V> {
  name: string
  policy: Policy
  maxEntries: number
  /** 0 or absent: no byte limit */
  maxBytes?: number
  /** required for 'ttl'; with other policies entries also expire */
  ttlMs?: number
  /** bytes an entry costs, for maxBytes (default: string length x2, Buffer length, else 64) */
  sizeOf?: (value: V) => number
  /** for 'hybrid': evict by primary below `threshold` of maxEntries, by secondary past it */
  hybrid?: { primary: 'lru' | 'lfu' | 'fifo'; secondary: 'lru' | 'lfu' | 'fifo'; threshold: number }
  /** clock for TTL (tests pass a fake one; default Date.now, which fake timers control) */
  now?: () => number
}

export interface CacheStats {
  name: string
  policy: Policy
  entries: number
  bytes: number
  hits: number
  misses: number
  evictions: number
  /** hits / (hits + misses), 0 when never read */
  hitRate: number
}

export class Cache<K extends {}, V extends {}> {
  readonly name: string
  readonly policy: Policy
  private store: Store<K, V>
  private opts: CacheOptions<V>
  private hits = 0
  private misses = 0
  private evictions = 0

  constructor(opts: CacheOptions<V>) {
    if (opts.policy === 'ttl' && !opts.ttlMs) throw new Error(`cache ${opts.name}: the ttl policy needs ttlMs`)
    if (opts.maxEntries < 1) throw new Error(`cache ${opts.name}: maxEntries must be at least 1`)
    this.name = opts.name
    this.policy = opts.policy
    this.opts = opts
    this.store = this.makeStore()
  }

  private makeStore(): Store<K, V> {
    const o = this.opts
    const limits: StoreLimits = {
      maxEntries: o.maxEntries, maxBytes: o.maxBytes ?? 0, ttlMs: o.ttlMs,
      sizeOf: (o.sizeOf ?? defaultSize) as (v: unknown) => number,
      onEvict: () => { this.evictions++ },
    }
    const now = o.now ?? Date.now
    if (o.policy === 'lru' || o.policy === 'ttl') return lruStore<K, V>(limits, now)
    return new OrderedStore<K, V>(limits, o.policy, o.hybrid ?? { primary: 'lru', secondary: 'lfu', threshold: 0.8 }, now)
  }

  get(key: K): V | undefined {
    const v = this.store.get(key)
    if (v === undefined) this.misses++
    else this.hits++
    return v
  }

  /** reads without counting or changing the entry's rank */
  peek(key: K): V | undefined { return this.store.peek(key) }
  has(key: K): boolean { return this.store.peek(key) !== undefined }
  set(key: K, value: V): void { this.store.set(key, value) }
  delete(key: K): boolean { return this.store.delete(key) }
  clear(): void { this.store.clear() }
  get size(): number { return this.store.size }

  /** the value, computed and stored on a miss */
  getOr(key: K, make: () => V): V {
    const v = this.get(key)
    if (v !== undefined) return v
    const made = make()
    this.set(key, made)
    return made
  }

  getMany(keys: Iterable<K>): Map<K, V> {
    const out = new Map<K, V>()
    for (const k of keys) {
      const v = this.get(k)
      if (v !== undefined) out.set(k, v)
    }
    return out
  }

  setMany(entries: Iterable<readonly [K, V]>): void {
    for (const [k, v] of entries) this.set(k, v)
  }

  /** New limits; entries are kept in their policy's order, and those past the limits are evicted. */
  resize(limits: { maxEntries?: number; maxBytes?: number }): void {
    const old = this.store
    // oldest-ranked first, so re-inserting keeps the order (frequencies of LFU restart)
    const kept = old.keys().map((k) => [k, old.peek(k)] as const).filter((e): e is readonly [K, V] => e[1] !== undefined)
    if (this.policy === 'lru' || this.policy === 'ttl') kept.reverse()
    this.opts = { ...this.opts, ...limits }
    this.store = this.makeStore()
    this.setMany(kept)
  }

  stats(): CacheStats {
    const reads = this.hits + this.misses
    return {
      name: this.name, policy: this.policy, entries: this.store.size, bytes: this.store.bytes,
      hits: this.hits, misses: this.misses, evictions: this.evictions,
      hitRate: reads ? Math.round((this.hits / reads) * 1000) / 1000 : 0,
    }
  }
}

function defaultSize(v: unknown): number {
  if (typeof v === 'string') return v.length * 2
  if (v instanceof Uint8Array) return v.byteLength
  return 64
}

/** What the manager needs of a cache: a Cache, or a composite of several (one per chat, say). */
export interface ManagedCache {
  readonly name: string
  stats(): CacheStats
  clear(): void
}

/** Every cache of a run, by name: listed together in the summary, cleared together. */
export class CacheManager {
  private readonly caches = new Map<string, ManagedCache>()

  create<K extends {}, V extends {}>(opts: CacheOptions<V>): Cache<K, V> {
    return this.add(new Cache<K, V>(opts))
  }

  add<C extends ManagedCache>(cache: C): C {
    if (this.caches.has(cache.name)) throw new Error(`cache ${cache.name} exists already`)
    this.caches.set(cache.name, cache)
    return cache
  }

  get(name: string): ManagedCache | undefined { return this.caches.get(name) }
  list(): CacheStats[] { return [...this.caches.values()].map((c) => c.stats()) }
  clearAll(): void { for (const c of this.caches.values()) c.clear() }
}
