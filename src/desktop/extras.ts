// tobs' own fields in a Desktop export: what Desktop's format cannot say (views, albums, web
// previews, forward dates, topics, nested entities...), so that tobs reads back exactly what it wrote.
//
// Under EXTRAS_KEY ("tobs") a message or chat header carries `{ "set": {field: value}, "unset":
// [field] }` in the model's own field names (src/model/types.ts). The writer computes it as the
// difference between the model object and what this reader makes of the Desktop fields alone, so it
// holds nothing Desktop's fields already say, and stays correct when either side learns a field.
// Other Desktop-format readers ignore the key.
import type { Chat, Message } from '../model/types.ts'
import { DesktopExportError } from './errors.ts'
import { EXTRAS_KEY } from './extras-key.ts'
import { isObject, typeName, type Json, type JsonObject } from './json.ts'

export { EXTRAS_KEY }

export interface Extras {
  set?: Record<string, unknown>
  unset?: string[]
}

type FieldType = 'number' | 'string' | 'boolean' | 'object' | 'array'

/** Message fields extras may carry, with their JSON type; id and chatId come from the file itself. */
const MESSAGE_FIELDS: Record<string, FieldType> = {
  topicId: 'number', date: 'number', editDate: 'number', sender: 'object', signature: 'string',
  text: 'string', entities: 'array', replyTo: 'object', forward: 'object', viaBot: 'string',
  groupedId: 'string', views: 'number', forwards: 'number', replies: 'number', reactions: 'array',
  media: 'object', service: 'object', pinned: 'boolean', silent: 'boolean', out: 'boolean',
}

const CHAT_FIELDS: Record<string, FieldType> = {
  kind: 'string', title: 'string', username: 'string', messageCount: 'number', topics: 'array',
}

/** The extras that turn `read` (what the Desktop fields give) into `target`; undefined when equal. */
export function diffMessage(target: Message, read: Message): Extras | undefined {
  return diff(target as unknown as Record<string, unknown>, read as unknown as Record<string, unknown>, MESSAGE_FIELDS)
}

export function diffChat(target: Chat, read: Chat): Extras | undefined {
  return diff(target as unknown as Record<string, unknown>, read as unknown as Record<string, unknown>, CHAT_FIELDS)
}

function diff(target: Record<string, unknown>, read: Record<string, unknown>, fields: Record<string, FieldType>): Extras | undefined {
  const set: Record<string, unknown> = {}
  const unset: string[] = []
  for (const key of Object.keys(fields)) {
    const want = target[key]
    const got = read[key]
    if (canonical(want) === canonical(got)) continue
    if (want === undefined) unset.push(key)
    else set[key] = want
  }
  const out: Extras = {}
  if (Object.keys(set).length > 0) out.set = set
  if (unset.length > 0) out.unset = unset
  return out.set || out.unset ? out : undefined
}

/**
 * JSON text with object keys sorted: two values that differ only in key order are the same
 * model (nothing reads the model's objects by key order; render/ reads fields by name).
 */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_key, value: unknown) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value
    const sorted: Record<string, unknown> = {}
    for (const k of Object.keys(value).sort()) {
      Object.defineProperty(sorted, k, { value: (value as Record<string, unknown>)[k], enumerable: true })
    }
    return sorted
  }) ?? 'undefined'
}

/** Applies a message's extras (raw JSON from the file) over what its Desktop fields gave. */
export function applyMessageExtras(msg: Message, raw: Json | undefined, where: string): Message {
  return apply(msg as unknown as Record<string, unknown>, raw, MESSAGE_FIELDS, where) as unknown as Message
}

export function applyChatExtras(chat: Chat, raw: Json | undefined, where: string): Chat {
  return apply(chat as unknown as Record<string, unknown>, raw, CHAT_FIELDS, where) as unknown as Chat
}

function apply(obj: Record<string, unknown>, raw: Json | undefined, fields: Record<string, FieldType>, where: string): Record<string, unknown> {
  if (raw === undefined || raw === null) return obj
  const at = `${where}, field "${EXTRAS_KEY}"`
  if (!isObject(raw)) throw new DesktopExportError(`${at} should be an object, got ${typeName(raw)}`)
  const set = raw.set ?? null
  const unset = raw.unset ?? []
  if (set !== null && !isObject(set)) throw new DesktopExportError(`${at}: "set" should be an object, got ${typeName(set)}`)
  if (!Array.isArray(unset)) throw new DesktopExportError(`${at}: "unset" should be an array, got ${typeName(unset)}`)
  for (const key of unset) {
    // An unknown name is from a newer tobs: nothing this one could hold, so nothing to remove.
    if (typeof key === 'string' && fields[key] !== undefined) delete obj[key]
  }
  for (const [key, value] of Object.entries(set ?? {})) {
    const type = fields[key]
    if (type === undefined) continue
    if (!hasType(value, type)) throw new DesktopExportError(`${at}: "${key}" should be ${type === 'array' ? 'an array' : `a ${type}`}, got ${typeName(value)}`)
    obj[key] = plain(value)
  }
  return obj
}

function hasType(v: Json, type: FieldType): boolean {
  if (type === 'array') return Array.isArray(v)
  if (type === 'object') return isObject(v)
  return typeof v === type
}

/** The reader builds objects without a prototype (json.ts); the model's are ordinary objects. */
function plain(v: Json): unknown {
  if (Array.isArray(v)) return v.map(plain)
  if (isObject(v)) {
    const out: Record<string, unknown> = {}
    // defineProperty: a key "__proto__" stays data, never a prototype change
    for (const [k, x] of Object.entries(v as JsonObject)) {
      Object.defineProperty(out, k, { value: plain(x), enumerable: true, writable: true, configurable: true })
    }
    return out
  }
  return v
}
