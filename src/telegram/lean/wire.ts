// Small reads over mtcute's TlBinaryReader for the lean history reader: skipping what it does not
// keep without building it, and 64-bit values as the decimal strings the model holds.
import type { TlBinaryReader } from '@mtcute/core/utils.js'
import { longStringOf } from '../map/convert.ts'
import { ID } from './tl-ids.ts'

/** The bytes hold something the lean reader does not know: the page is read by mtcute instead. */
export class LeanMiss extends Error {}

export function miss(what: string, id: number): never {
  throw new LeanMiss(`${what}: constructor 0x${(id >>> 0).toString(16)}`)
}

/** A TL `long` as its decimal string (what map/'s longString gives for the same value). */
export function longText(r: TlBinaryReader): string {
  const low = r.dataView.getInt32(r.pos, true)
  const high = r.dataView.getInt32(r.pos + 4, true)
  r.pos += 8
  return longStringOf(low, high)
}

/** Steps over a TL `bytes` or `string` without decoding it. */
export function skipBytes(r: TlBinaryReader): void {
  const u8 = r.uint8View
  const first = u8[r.pos]!
  let length: number
  let start: number
  if (first === 254) {
    length = u8[r.pos + 1]! | (u8[r.pos + 2]! << 8) | (u8[r.pos + 3]! << 16)
    start = 4
  } else {
    length = first
    start = 1
  }
  // the field is padded to a multiple of 4 bytes
  r.pos += (start + length + 3) & ~3
}

/** Base64 of a TL `bytes` field, read in place (mtcute's reader gives a view, map/ encodes that view). */
export function bytesBase64(r: TlBinaryReader): string {
  const b = r.bytes()
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64')
}

/** The boxed vector header: its length. */
export function vectorLength(r: TlBinaryReader): number {
  const id = r.uint()
  if (id !== ID.vector) miss('vector', id)
  return r.uint()
}

/** Steps over any object mtcute knows (fields tobs does not keep), with mtcute's own reader. */
export function skipObject(r: TlBinaryReader): void {
  r.object()
}

/** Peer kinds as the lean records hold them (0: no peer). */
export const USER = 1
export const CHAT = 2
export const CHANNEL = 3
export type PeerKind = typeof USER | typeof CHAT | typeof CHANNEL

export const KIND_NAME = ['', 'user', 'chat', 'channel'] as const

/** Reads a Peer: its kind (returned) and id (left in `peerId.value`). */
export function readPeer(r: TlBinaryReader, out: { value: number }): PeerKind {
  const id = r.uint()
  const kind = id === ID.peerUser ? USER : id === ID.peerChat ? CHAT : id === ID.peerChannel ? CHANNEL : miss('peer', id)
  out.value = r.int53()
  return kind
}

export function skipPeer(r: TlBinaryReader): void {
  const id = r.uint()
  if (id !== ID.peerUser && id !== ID.peerChat && id !== ID.peerChannel) miss('peer', id)
  r.pos += 8
}
