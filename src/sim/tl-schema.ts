// The server side of TL: mtcute's reader map only decodes types (what a client reads), so the
// simulator decodes RPC *methods* itself from the schema mtcute ships (layer 227), and builds
// fully-populated TL objects for answers from the same schema.
import { createRequire } from 'node:module'
import Long from 'long'
import type { TlBinaryReader } from '@mtcute/core/utils.js'

interface SchemaArg {
  name: string
  type: string
  typeModifiers?: { predicate?: string; isVector?: boolean; isBareVector?: boolean; constructorId?: number }
}
interface SchemaEntry {
  kind: 'class' | 'method'
  name: string
  id: number
  type: string
  arguments: SchemaArg[]
}
interface Schema { l: number; e: SchemaEntry[] }

const schema = createRequire(import.meta.url)('@mtcute/core/tl/api-schema.json') as Schema

export const LAYER = schema.l

const entries = new Map<string, SchemaEntry>()
const unions = new Map<string, SchemaEntry[]>()
const methodsById = new Map<number, SchemaEntry>()
for (const e of schema.e) {
  entries.set(e.name, e)
  if (e.kind === 'method') methodsById.set(e.id >>> 0, e)
  else {
    const list = unions.get(e.type) ?? []
    list.push(e)
    unions.set(e.type, list)
  }
}

const camelCache = new Map<string, string>()
/** TL field names are snake_case; mtcute's objects use camelCase. */
export function camel(name: string): string {
  let c = camelCache.get(name)
  if (c === undefined) {
    c = name.replace(/(?<!^|_)_[a-z0-9]/gi, (m) => m.substring(1).toUpperCase())
    camelCache.set(name, c)
  }
  return c
}

/** Constructors of a TL union type, e.g. 'MessageAction'. */
export function constructorsOf(type: string): string[] {
  return (unions.get(type) ?? []).map((e) => e.name)
}

export function isMethodId(id: number): boolean {
  return methodsById.has(id >>> 0)
}

function readValue(r: TlBinaryReader, type: string, mods: SchemaArg['typeModifiers'] = {}): unknown {
  if (mods.isVector || mods.isBareVector) {
    if (mods.isVector) r.uint() // vector constructor id
    const n = r.uint()
    const out: unknown[] = []
    for (let i = 0; i < n; i++) out.push(readValue(r, type))
    return out
  }
  switch (type) {
    case 'int': return r.int()
    case 'int53': return r.int53()
    case 'long': return r.long()
    case 'double': return r.double()
    case 'string': return r.string()
    case 'bytes': return r.bytes()
    case 'int128': return r.int128()
    case 'int256': return r.int256()
    case 'Bool': return r.boolean()
    case '!X': case 'X': case 'Object': return readTl(r)
    default: return mods.constructorId ? r.object(mods.constructorId) : r.object()
  }
}

/** Reads one boxed TL value: a method call (decoded from the schema) or any type (mtcute's reader map). */
export function readTl(r: TlBinaryReader): any {
  const id = r.uint()
  const method = methodsById.get(id)
  if (!method) {
    r.seek(-4)
    return r.object()
  }
  const obj: Record<string, unknown> = { _: method.name }
  const flags: Record<string, number> = {}
  for (const a of method.arguments) {
    const mods = a.typeModifiers ?? {}
    if (a.type === '#') {
      flags[a.name] = r.uint()
      continue
    }
    if (mods.predicate) {
      const [field, bit] = mods.predicate.split('.')
      const set = (flags[field!]! & (1 << Number(bit))) !== 0
      if (a.type === 'true') {
        obj[camel(a.name)] = set
        continue
      }
      if (!set) continue
    }
    obj[camel(a.name)] = readValue(r, a.type, mods)
  }
  return obj
}

function defaultFor(a: SchemaArg): unknown {
  const mods = a.typeModifiers ?? {}
  if (mods.isVector || mods.isBareVector) return []
  if (mods.predicate) return a.type === 'true' ? false : undefined
  switch (a.type) {
    case 'int': case 'int53': case 'double': return 0
    case 'long': return Long.ZERO
    case 'int128': return new Uint8Array(16)
    case 'int256': return new Uint8Array(32)
    case 'string': return ''
    case 'bytes': return new Uint8Array(0)
    case 'Bool': return false
    default: {
      const first = unions.get(a.type)?.[0]
      return first ? tlStub(first.name) : undefined
    }
  }
}

/**
 * A TL object with every required field filled by a default, then `partial` on top.
 * Serializing an object with a missing required field throws deep in mtcute, so answers start here.
 */
export function tlStub<T = any>(name: string, partial: Record<string, unknown> = {}): T {
  const e = entries.get(name)
  if (!e) throw new Error(`unknown TL entry ${name}`)
  const o: Record<string, unknown> = { _: name }
  for (const a of e.arguments) {
    if (a.type === '#') continue
    const k = camel(a.name)
    if (k in partial) continue
    o[k] = defaultFor(a)
  }
  return Object.assign(o, partial) as T
}
