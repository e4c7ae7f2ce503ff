// Real sample files made unique and sized per content key, the way each format allows it: a `free`
// box after an MP4, an ID3v2 PRIV frame before an MP3, an XMP chunk in an extended WebP, a stream
// serial number in an Ogg file. Large padding is a fill segment, generated only when read, so a
// 200 MB video costs the simulator no memory (issue 11).

/** A file is bytes held once (headers, the sample) and fill regions generated at any offset. */
export type Segment = { bytes: Uint8Array } | { fill: number; length: number }

const ascii = (s: string) => new TextEncoder().encode(s)

/** Smallest size an MP4 sample padded with a free box can have. */
export const MP4_OVERHEAD = 16 + 64

/** The MP4 sample followed by a `free` box (ignored by players) up to `size` bytes. */
export function mp4Padded(sample: Uint8Array, key: number, size: number): Segment[] {
  const box = size - sample.length
  if (box < MP4_OVERHEAD) throw new Error(`mp4 of ${size} bytes cannot hold its ${sample.length}-byte sample`)
  const large = box > 0xffffffff
  const head = new Uint8Array(large ? 16 : 8)
  const v = new DataView(head.buffer)
  v.setUint32(0, large ? 1 : box)
  head.set(ascii('free'), 4)
  if (large) v.setBigUint64(8, BigInt(box))
  return [{ bytes: sample }, { bytes: head }, { fill: key, length: box - head.length }]
}

const OWNER = ascii('tobs-sim\0')
/** ID3v2 header, PRIV frame header and owner */
export const MP3_OVERHEAD = 10 + 10 + OWNER.length + 64

/** An ID3v2.3 tag with one PRIV frame of fill bytes, then the MP3 sample: `size` bytes in all. */
export function mp3Tagged(sample: Uint8Array, key: number, size: number): Segment[] {
  const tag = size - sample.length - 10
  if (tag < MP3_OVERHEAD - 10 || tag >= 2 ** 28) throw new Error(`mp3 of ${size} bytes does not fit an ID3v2 tag`)
  const head = new Uint8Array(20 + OWNER.length)
  head.set(ascii('ID3'), 0)
  head[3] = 3
  for (let i = 0; i < 4; i++) head[6 + i] = (tag >>> (7 * (3 - i))) & 0x7f
  head.set(ascii('PRIV'), 10)
  new DataView(head.buffer).setUint32(14, tag - 10)
  head.set(OWNER, 20)
  return [{ bytes: head }, { fill: key, length: tag - 10 - OWNER.length }, { bytes: sample }]
}

/** RIFF header, VP8X chunk, XMP chunk header, and at least a little XMP */
export const WEBP_OVERHEAD = 12 + 18 + 8 + 64

/**
 * A simple (VP8L) WebP sample rewritten as an extended one with an XMP chunk of fill bytes:
 * decoders read the image chunk and skip the metadata. `size` must be even (RIFF pads chunks).
 */
export function webpTagged(sample: Uint8Array, key: number, size: number, width: number, height: number): Segment[] {
  const image = sample.subarray(12)
  const xmp = size - 12 - 18 - image.length - 8
  if (xmp < 64 || size % 2 !== 0 || image.length % 2 !== 0) throw new Error(`webp of ${size} bytes cannot hold its sample`)
  const head = new Uint8Array(12 + 18)
  const v = new DataView(head.buffer)
  head.set(ascii('RIFF'), 0)
  v.setUint32(4, size - 8, true)
  head.set(ascii('WEBPVP8X'), 8)
  v.setUint32(16, 10, true)
  head[20] = 0x10 | 0x04 // alpha, XMP
  for (let i = 0; i < 3; i++) {
    head[24 + i] = ((width - 1) >>> (8 * i)) & 0xff
    head[27 + i] = ((height - 1) >>> (8 * i)) & 0xff
  }
  const xmpHead = new Uint8Array(8)
  xmpHead.set(ascii('XMP '), 0)
  new DataView(xmpHead.buffer).setUint32(4, xmp, true)
  return [{ bytes: head }, { bytes: image }, { bytes: xmpHead }, { fill: key, length: xmp }]
}

const OGG_CRC = (() => {
  const t = new Uint32Array(256)
  for (let i = 0; i < 256; i++) {
    let r = i << 24
    for (let j = 0; j < 8; j++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1
    t[i] = r >>> 0
  }
  return t
})()

/** The Ogg sample with every page's stream serial set to `serial` (and its CRC recomputed). */
export function oggWithSerial(sample: Uint8Array, serial: number): Uint8Array {
  const out = new Uint8Array(sample)
  const v = new DataView(out.buffer)
  for (let at = 0; at + 27 <= out.length;) {
    if (v.getUint32(at) !== 0x4f676753) throw new Error('not an Ogg page')
    const segments = out[at + 26]!
    let body = 0
    for (let i = 0; i < segments; i++) body += out[at + 27 + i]!
    const end = at + 27 + segments + body
    v.setUint32(at + 14, serial >>> 0, true)
    v.setUint32(at + 22, 0)
    let crc = 0
    for (let i = at; i < end; i++) crc = ((crc << 8) ^ OGG_CRC[((crc >>> 24) ^ out[i]!) & 0xff]!) >>> 0
    v.setUint32(at + 22, crc, true)
    at = end
  }
  return out
}

/** Total length of a layout. */
export function layoutSize(segments: readonly Segment[]): number {
  let n = 0
  for (const s of segments) n += 'bytes' in s ? s.bytes.length : s.length
  return n
}
