// Random TL objects of any type of the layer mtcute speaks, built from its api-schema.json (the
// schema, not the simulator's habits): every constructor of a type, every optional field present
// or not, nested to a depth. For the lean reader's differential test.
import { createRequire } from 'node:module'
import Long from 'long'

interface Arg { name: string; type: string; typeModifiers?: { predicate?: string; isVector?: boolean } }
interface Entry { kind: string; name: string; type: string; id: number; arguments: Arg[] }

const schema = createRequire(import.meta.url)('@mtcute/core/tl/api-schema.json') as { e: Entry[] }
export const SCHEMA: Entry[] = schema.e.filter((e) => e.kind === 'class')
const byType = new Map<string, Entry[]>()
for (const e of SCHEMA) {
  const list = byType.get(e.type) ?? []
  list.push(e)
  byType.set(e.type, list)
}
export const byName = new Map(SCHEMA.map((e) => [e.name, e]))

export function argsText(e: Entry): string {
  return e.arguments.map((a) => `${a.name}:${a.typeModifiers?.predicate ? a.typeModifiers.predicate + '?' : ''}${a.typeModifiers?.isVector ? `Vector<${a.type}>` : a.type}`).join(' ')
}

export function constructorsOf(type: string): Entry[] {
  return byType.get(type) ?? []
}

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())

const SCALARS = new Set(['int', 'long', 'int53', 'double', 'string', 'bytes', 'int128', 'int256', 'Bool', 'true', '#'])

/** The cheapest constructor of each type: the fewest required nested objects (a fixpoint over the schema). */
const cost = new Map<string, number>()
for (let round = 0; round < 30; round++) {
  for (const [type, list] of byType) {
    let best = Infinity
    for (const e of list) {
      let c = 1
      for (const a of e.arguments) {
        if (a.typeModifiers?.predicate || a.typeModifiers?.isVector || SCALARS.has(a.type)) continue
        c += cost.get(a.type) ?? Infinity
      }
      best = Math.min(best, c)
    }
    cost.set(type, best)
  }
}

export class Rng {
  constructor(private s: number) {}
  next(): number {
    // mulberry32
    let t = (this.s = (this.s + 0x6d2b79f5) | 0)
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  int(n: number): number {
    return Math.floor(this.next() * n)
  }
  chance(p: number): boolean {
    return this.next() < p
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!
  }
}

const STRINGS = ['', 'a', 'y', 'hello world', 'Привет, мир', '北京 release', '🦊 emoji 👍🏽', 'x'.repeat(300), 'line\nbreak', 'image/jpeg', 'video/mp4', 'audio/ogg', 'application/x-tgsticker']

export interface RandomOptions {
  /** nesting depth below which optional fields and vector items appear */
  depth: number
  /** peer ids (user, chat and channel ids) are drawn from these */
  ids: number[]
}

export class RandomTl {
  constructor(readonly rng: Rng, readonly o: RandomOptions) {}

  /** An object of a TL type (e.g. 'Message'), or of one named constructor. */
  ofType(type: string, level = 0): Record<string, unknown> {
    const list = constructorsOf(type)
    if (!list.length) throw new Error(`no constructor of ${type}`)
    let e: Entry
    if (level >= this.o.depth) {
      const min = Math.min(...list.map((x) => this.entryCost(x)))
      e = this.rng.pick(list.filter((x) => this.entryCost(x) === min))
    } else e = this.rng.pick(list)
    return this.of(e, level)
  }

  of(e: Entry, level = 0): Record<string, unknown> {
    const out: Record<string, unknown> = { _: e.name }
    const deep = level >= this.o.depth
    const present = new Map<string, boolean>()
    for (const a of e.arguments) {
      if (a.type === '#') continue
      const pred = a.typeModifiers?.predicate
      if (pred) {
        let on = present.get(pred)
        if (on === undefined) {
          on = !deep && this.rng.chance(0.5)
          present.set(pred, on)
        }
        if (!on) continue
      }
      out[camel(a.name)] = a.typeModifiers?.isVector ? this.vector(a.type, level, deep) : this.value(a.type, level)
    }
    return out
  }

  private entryCost(e: Entry): number {
    let c = 1
    for (const a of e.arguments) {
      if (a.typeModifiers?.predicate || a.typeModifiers?.isVector || SCALARS.has(a.type)) continue
      c += cost.get(a.type) ?? Infinity
    }
    return c
  }

  private vector(type: string, level: number, deep: boolean): unknown[] {
    const n = deep ? 0 : this.rng.int(4)
    return Array.from({ length: n }, () => this.value(type, level))
  }

  private value(type: string, level: number): unknown {
    const r = this.rng
    switch (type) {
      case 'true': return true
      case 'Bool': return r.chance(0.5)
      case 'int': return r.chance(0.1) ? r.int(2 ** 31) - 2 ** 30 : r.chance(0.2) ? 0 : r.int(2000)
      case 'int53': return r.pick(this.o.ids)
      case 'long': return r.chance(0.2) ? Long.ZERO : Long.fromBits(r.int(2 ** 32) | 0, r.int(2 ** 32) | 0)
      case 'double': return r.chance(0.2) ? 0 : (r.next() - 0.3) * 10_000
      case 'string': return r.pick(STRINGS)
      case 'bytes': return Uint8Array.from({ length: r.pick([0, 1, 3, 8, 253, 254, 300]) }, () => r.int(256))
      case 'int128': return Uint8Array.from({ length: 16 }, () => r.int(256))
      case 'int256': return Uint8Array.from({ length: 32 }, () => r.int(256))
    }
    return this.ofType(type, level + 1)
  }
}
