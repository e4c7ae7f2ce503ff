// Test helper: build TL objects from mtcute's layer-227 schema, with defaults for every field not given.
import { createRequire } from 'node:module'
import Long from 'long'
import { TlBinaryReader, TlBinaryWriter, __tlReaderMap, __tlWriterMap } from '@mtcute/core/utils.js'

interface SchemaArg { name: string; type: string; typeModifiers?: { predicate?: string; isVector?: boolean } }
interface SchemaEntry { kind: 'class' | 'method'; name: string; type: string; arguments: SchemaArg[] }

const schema = createRequire(import.meta.url)('@mtcute/core/tl/api-schema.json') as { e: SchemaEntry[] }

export const classes = new Map<string, SchemaEntry>()
const byType = new Map<string, SchemaEntry[]>()
for (const e of schema.e) {
  if (e.kind !== 'class') continue
  classes.set(e.name, e)
  const list = byType.get(e.type) ?? []
  list.push(e)
  byType.set(e.type, list)
}

/** Constructor names of a TL type, in schema order (e.g. every MessageAction). */
export function constructorsOf(type: string): string[] {
  return (byType.get(type) ?? []).map((e) => e.name)
}

export function camel(s: string): string {
  return s.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase())
}

export interface StubOptions {
  /** also fill optional fields (flags set to true, scalars to non-zero values) */
  full?: boolean
}

/**
 * A TL object `name` with `partial` over schema defaults (0, '', Long 0, empty bytes, first constructor).
 * Without a type argument it is untyped (`any`), so it fits wherever a TL union is expected.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function stubTl(name: string, partial?: Record<string, unknown>, opts?: StubOptions): any
export function stubTl<T extends { _: string }>(name: string, partial?: Partial<T>, opts?: StubOptions): T
export function stubTl(name: string, partial: Record<string, unknown> = {}, opts: StubOptions = {}): unknown {
  return { ...build(name, opts, 0), ...partial }
}

function build(name: string, opts: StubOptions, depth: number): Record<string, unknown> {
  const e = classes.get(name)
  if (!e) throw new Error(`no TL class ${name}`)
  const obj: Record<string, unknown> = { _: name }
  for (const a of e.arguments) {
    if (a.type === '#') continue
    const optional = a.typeModifiers?.predicate !== undefined
    if (optional && !opts.full) continue
    if (a.type === 'true') {
      obj[camel(a.name)] = true
      continue
    }
    const v = a.typeModifiers?.isVector ? (opts.full && depth < 3 ? [value(a.type, opts, depth)] : []) : value(a.type, opts, depth)
    if (v !== undefined) obj[camel(a.name)] = v
  }
  return obj
}

function value(type: string, opts: StubOptions, depth: number): unknown {
  const n = opts.full ? 7 : 0
  switch (type) {
    case 'int': case 'int53': case 'double': return n
    case 'long': return Long.fromNumber(n)
    case 'string': return opts.full ? 'x' : ''
    case 'bytes': return new Uint8Array(opts.full ? [1, 2, 3] : [])
    case 'Bool': return !!opts.full
    case 'int128': case 'int256': return new Uint8Array(type === 'int128' ? 16 : 32)
  }
  if (depth > 4) return undefined
  const ctors = byType.get(type)
  if (!ctors?.length) return undefined
  const own = type.includes('.') ? undefined : ctors.find((c) => c.name === type[0]!.toLowerCase() + type.slice(1))
  return build((own ?? ctors[0]!).name, opts, depth + 1)
}

/**
 * Serialize with mtcute's writer and read back with its reader: the object then has exactly the shape
 * the client hands us (absent flags as `false`, absent optionals as keys holding undefined, reader-made bytes).
 */
export function throughMtcute<T>(obj: T): T {
  const bytes = TlBinaryWriter.serializeObject(__tlWriterMap, obj as { _: string })
  return TlBinaryReader.deserializeObject<T>(__tlReaderMap, bytes)
}
