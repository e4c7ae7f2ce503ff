// A Desktop service message's action fields -> the model's ServiceAction.
import type { ServiceAction } from '../model/types.ts'
import { CUSTOM_ACTION, SPEC_BY_ACTION, UNKNOWN_PREFIX } from './actions.ts'
import type { Fields } from './fields.ts'
import type { Json } from './json.ts'
import { DELETED_ACCOUNT, parsePeerId } from './peer.ts'

/** `values` keys that hold a peer id ("user123", "channel123"), kept as the bare number. */
const PEER_VALUES = new Set(['fromId', 'toId', 'peerId', 'boostPeerId'])

export function mapService(f: Fields): ServiceAction {
  const action = f.str('action')
  if (action === undefined) {
    // Desktop writes a custom action (messageActionCustomAction) as bare "information_text".
    const info = f.str('information_text')
    return { type: CUSTOM_ACTION, values: { message: info ?? '' } }
  }
  const spec = SPEC_BY_ACTION.get(action)
  if (spec === undefined) {
    // Never drop a service message: keep a readable placeholder naming what it was.
    return { type: CUSTOM_ACTION, values: { message: `${UNKNOWN_PREFIX}${action}` } }
  }
  const out: ServiceAction = { type: spec.type }
  if (spec.title !== undefined) {
    const title = f.str(spec.title)
    if (title !== undefined) out.title = title
  }
  if (spec.users !== undefined && f.has(spec.users)) out.users = f.strings(spec.users, DELETED_ACCOUNT)
  if (spec.messageId !== undefined) {
    const id = f.num(spec.messageId)
    if (id !== undefined) out.messageId = id
  }
  const values: Record<string, string | number | boolean> = { ...spec.fixed }
  for (const [from, to] of Object.entries(spec.values ?? {})) {
    const raw = f.raw(from)
    // Peer ids ("channel123") become bare numbers, as the live export's `<x>Id` values are.
    const v = PEER_VALUES.has(to) && raw !== undefined ? parsePeerId(raw, f.where, from)?.id : scalar(raw)
    if (v !== undefined) values[to] = v
  }
  if (Object.keys(values).length > 0) out.values = values
  return out
}

/** A value for `values`: scalars as they are, lists joined with ", ", null/objects left out. */
function scalar(v: Json | undefined): string | number | boolean | undefined {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v
  if (Array.isArray(v)) return v.filter((x) => typeof x === 'string' || typeof x === 'number').join(', ')
  return undefined
}
