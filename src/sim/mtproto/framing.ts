// TCP transports of MTProto (https://core.telegram.org/mtproto/mtproto-transports): the client's first bytes
// pick abridged (0xef), intermediate (0xeeeeeeee) or padded intermediate (0xdddddddd); frames follow.

export type TransportMode = 'abridged' | 'intermediate' | 'padded'

const INTERMEDIATE_TAG = 0xeeeeeeee
const PADDED_TAG = 0xdddddddd
const ABRIDGED_TAG = 0xef
/** Frames larger than this are garbage or an attack; Telegram's own cap is far lower. */
const MAX_FRAME = 16 * 1024 * 1024

export class FramingError extends Error {}

/**
 * Splits a byte stream into frames. Chunks are only concatenated while a frame is incomplete,
 * so a steady stream of whole frames costs no copying.
 */
export class FrameReader {
  mode: TransportMode | undefined
  private pending: Buffer | undefined

  /** Feeds a chunk and returns the complete frames it finishes (subarrays; valid until the next push). */
  push(chunk: Buffer): Buffer[] {
    let buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk
    this.pending = undefined
    let pos = 0
    if (this.mode === undefined) {
      if (buf.length < 1) return []
      if (buf[0] === ABRIDGED_TAG) {
        this.mode = 'abridged'
        pos = 1
      } else {
        if (buf.length < 4) {
          this.pending = buf
          return []
        }
        const tag = buf.readUInt32LE(0)
        if (tag === INTERMEDIATE_TAG) this.mode = 'intermediate'
        else if (tag === PADDED_TAG) this.mode = 'padded'
        else throw new FramingError(`unsupported transport tag 0x${tag.toString(16)} (obfuscated transports are not simulated)`)
        pos = 4
      }
    }
    const frames: Buffer[] = []
    for (;;) {
      const avail = buf.length - pos
      let header: number
      let size: number
      if (this.mode === 'abridged') {
        if (avail < 1) break
        const first = buf[pos]! & 0x7f // high bit asks for a quick ack, which is not simulated
        if (first < 0x7f) {
          header = 1
          size = first * 4
        } else {
          if (avail < 4) break
          header = 4
          size = (buf[pos + 1]! | (buf[pos + 2]! << 8) | (buf[pos + 3]! << 16)) * 4
        }
      } else {
        if (avail < 4) break
        header = 4
        size = buf.readUInt32LE(pos) & 0x7fffffff // high bit: quick ack request
      }
      if (size > MAX_FRAME) throw new FramingError(`frame of ${size} bytes is too large`)
      if (avail < header + size) break
      frames.push(buf.subarray(pos + header, pos + header + size))
      pos += header + size
    }
    if (pos < buf.length) this.pending = buf.subarray(pos)
    return frames
  }
}

/** Length prefix for a frame of `size` bytes (size is a multiple of 4). */
export function framePrefixLength(mode: TransportMode, size: number): number {
  if (mode !== 'abridged') return 4
  return size / 4 < 0x7f ? 1 : 4
}

/** Writes the length prefix at `out[0..]`; returns its length. */
export function writeFramePrefix(mode: TransportMode, size: number, out: Uint8Array): number {
  if (mode === 'abridged') {
    const q = size / 4
    if (q < 0x7f) {
      out[0] = q
      return 1
    }
    out[0] = 0x7f
    out[1] = q & 0xff
    out[2] = (q >> 8) & 0xff
    out[3] = (q >> 16) & 0xff
    return 4
  }
  out[0] = size & 0xff
  out[1] = (size >>> 8) & 0xff
  out[2] = (size >>> 16) & 0xff
  out[3] = (size >>> 24) & 0xff
  return 4
}
