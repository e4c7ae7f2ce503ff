// Integer hashing for the on-demand world: every fact about a message is a pure function of
// (seed, chat, id, purpose), so nothing has to be generated ahead or kept in memory.

/** Final mix of a 32-bit value (lowbias32 by Chris Wellons): good avalanche, a handful of ops. */
export function mix32(x: number): number {
  x ^= x >>> 16
  x = Math.imul(x, 0x7feb352d)
  x ^= x >>> 15
  x = Math.imul(x, 0x846ca68b)
  x ^= x >>> 16
  return x >>> 0
}

/** Hash of up to four integers; numbers beyond 32 bits are folded so large ids still spread. */
export function hash(a: number, b = 0, c = 0, d = 0): number {
  let h = mix32(fold(a) ^ 0x9e3779b9)
  h = mix32(h ^ fold(b))
  h = mix32((h + 0x632be5ab) ^ fold(c))
  return mix32((h + 0x85ebca6b) ^ fold(d))
}

function fold(n: number): number {
  // ids reach 2^40 (channel ids); keep the high part instead of letting `| 0` drop it
  return n > 0xffffffff || n < 0 ? (n % 0x100000000) ^ Math.floor(n / 0x100000000) : n
}

/** Hash of a short string (names, keys) into 32 bits (FNV-1a then mixed). */
export function hashString(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193)
  return mix32(h)
}

/** A small deterministic PRNG (mulberry32) for choices inside one message. */
export class Rng {
  private state: number
  constructor(seed: number) {
    this.state = seed >>> 0
  }
  /** next uint32 */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0)
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }
  /** integer in [0, n) */
  int(n: number): number {
    return Math.floor((this.next() / 0x100000000) * n)
  }
  /** integer in [lo, hi] */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1)
  }
  /** true with probability p */
  chance(p: number): boolean {
    return this.next() / 0x100000000 < p
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)]!
  }
}

/**
 * Deterministic bytes of a file at any offset: 32-bit word i is mix32(key + i * golden), so a
 * part can be served without generating what comes before it.
 */
export function fillBytes(key: number, offset: number, length: number): Uint8Array {
  const out = new Uint8Array(length)
  if (length <= 0) return out
  const firstWord = Math.floor(offset / 4)
  const lastWord = Math.floor((offset + length - 1) / 4)
  const skip = offset - firstWord * 4
  let pos = -skip
  for (let w = firstWord; w <= lastWord; w++) {
    const v = mix32((key + Math.imul(w, 0x9e3779b1)) >>> 0)
    for (let b = 0; b < 4; b++, pos++) {
      if (pos >= 0 && pos < length) out[pos] = (v >>> (b * 8)) & 0xff
    }
  }
  return out
}
