// Desktop peer ids ("user123", "channel123", "chat123" or bare numbers) -> model Peers.
import type { Peer } from '../model/types.ts'
import { DesktopExportError } from './errors.ts'
import { typeName, type Json } from './json.ts'

/** Shown for `"from": null`: Desktop writes null when the account was deleted. */
export const DELETED_ACCOUNT = 'Deleted Account'

/**
 * Old tdesktop builds wrote channel peer ids with the internal type tag 2^33 added
 * (PeerIdChannelShift). Bare ids of that era were below 2^31, so anything at or above 2^33
 * given as a bare number is such a tagged channel id.
 */
const CHANNEL_SHIFT = 2 ** 33

export interface PeerId {
  id: number
  kind: Peer['kind']
}

/** Parses a Desktop peer id; undefined when absent. Bare numbers are users unless tagged. */
export function parsePeerId(v: Json | undefined, where: string, field: string): PeerId | undefined {
  if (v === undefined || v === null) return undefined
  if (typeof v === 'number' && Number.isFinite(v)) return untag(v, 'user')
  if (typeof v === 'string') {
    const m = /^(user|channel|chat)?(-?\d+)$/.exec(v.trim())
    if (m) {
      const kind = (m[1] ?? 'user') as Peer['kind']
      return untag(Math.abs(Number(m[2])), kind)
    }
  }
  throw new DesktopExportError(`${where}: field "${field}" should be a peer id like "user123", got ${typeName(v)} ${JSON.stringify(v)}`)
}

function untag(id: number, kind: Peer['kind']): PeerId {
  if (id >= CHANNEL_SHIFT) return { id: id - CHANNEL_SHIFT, kind: 'channel' }
  return { id, kind }
}

/** Bare chat id of a chat header: tagged ids lose their tag, the -100 prefix of bot API ids too. */
export function bareChatId(id: number): number {
  if (id >= CHANNEL_SHIFT) return id - CHANNEL_SHIFT
  if (id <= -1_000_000_000_000) return -id - 1_000_000_000_000
  return Math.abs(id)
}

/** A sender Peer from a name field (string or null) and an id field. */
export function parsePeer(name: Json | undefined, id: Json | undefined, where: string, idField: string): Peer | undefined {
  const pid = parsePeerId(id, where, idField)
  if (pid === undefined) return undefined
  if (name !== undefined && name !== null && typeof name !== 'string') {
    throw new DesktopExportError(`${where}: name of "${idField}" should be a string or null, got ${typeName(name)}`)
  }
  return { id: pid.id, kind: pid.kind, name: typeof name === 'string' ? name : DELETED_ACCOUNT }
}
