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

const decoder = new TextDecoder()
/** The answer being read, as a Buffer over the same bytes (set by readingAnswer) */
let answer: Buffer = Buffer.alloc(0)

/** The bytes `text` reads ASCII from: those of the reader's answer (reading is synchronous). */
export function readingAnswer(bytes: Uint8Array): void {
  answer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/**
 * A TL `string`, the same text mtcute's reader gives. mtcute decodes with a TextDecoder: a leading
 * BOM dropped, bad bytes replaced as WHATWG says. Node's own UTF-8 slice of a Buffer replaces bad
 * bytes the same way (wire.test.ts checks it on random bytes) and keeps a BOM, so it reads every
 * string but those that start with one, without the decoder's call and the view it needs.
 * The reader must be over readingAnswer's bytes.
 */
export function text(r: TlBinaryReader): string {
  const u8 = r.uint8View
  const pos = r.pos
  const first = u8[pos]!
  let length: number
  let start: number
  if (first === 254) {
    length = u8[pos + 1]! | (u8[pos + 2]! << 8) | (u8[pos + 3]! << 16)
    start = pos + 4
  } else {
    length = first
    start = pos + 1
  }
  const end = start + length
  r.pos = pos + ((start - pos + length + 3) & ~3)
  if (length >= 3 && u8[start] === 0xef && u8[start + 1] === 0xbb && u8[start + 2] === 0xbf) return decoder.decode(u8.subarray(start, end))
  return answer.toString('utf8', start, end)
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

/**
 * Lets the listed fields of a record hold numbers and undefined alike from its construction on
 * (issue 10). V8 types an object's field by the values stored in it: a field born undefined is typed
 * as holding objects, and the first number stored in it, from a field rare on the wire (a message
 * sent via a bot) thousands of messages in, widened that type after the reader and assemble() had
 * been optimized for the narrow one: their optimized code was thrown away and compiled again
 * (--trace-deopt: "code dependencies"). Records are few and reused, so this runs a few hundred times.
 */
export function widenNumberFields<T extends object>(record: T, fields: readonly (keyof T & string)[]): void {
  const r = record as Record<string, unknown>
  for (const f of fields) {
    const value = r[f]
    r[f] = 0
    r[f] = value
  }
}
