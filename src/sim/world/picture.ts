// Photos of the world: a JPEG mosaic whose colours come from the content key, with a label (the
// file id, or the shared content's number) drawn in, padded with COM segments to the stated size.
import { hash } from './hash.ts'
import { encodeBlocks, headerLength, maxEncodedSize, type Rgb } from './jpeg.ts'
import type { Segment } from './containers.ts'

// 3x5 glyphs, one row per 3 bits
const GLYPHS: Record<string, number[]> = {
  0: [7, 5, 5, 5, 7], 1: [2, 6, 2, 2, 7], 2: [7, 1, 7, 4, 7], 3: [7, 1, 7, 1, 7], 4: [5, 5, 7, 1, 1],
  5: [7, 4, 7, 1, 7], 6: [7, 4, 7, 5, 7], 7: [7, 1, 1, 1, 1], 8: [7, 5, 7, 5, 7], 9: [7, 5, 7, 1, 7],
  '#': [5, 7, 5, 7, 5],
}

/** Dimensions (multiples of 16) of a photo that must fit in `size` bytes, shaped by `h`. */
export function photoDims(size: number, h: number): { width: number; height: number } {
  const aspect = [4 / 3, 3 / 4, 16 / 9, 1][h % 4]!
  const blocks = Math.max(64, Math.floor((size - 2048) / 14))
  const area = Math.min(1280 * 960, blocks * 64)
  const fit = (n: number) => Math.max(64, Math.min(1280, Math.floor(n / 16) * 16))
  const width = fit(Math.sqrt(area * aspect))
  return { width, height: fit(width / aspect) }
}

/** Smallest size a photo of these dimensions may state. */
export function minPhotoSize(width: number, height: number): number {
  return maxEncodedSize(width, height) + 64
}

function painter(key: number, text: string, bw: number, bh: number): (bx: number, by: number) => Rgb {
  // a narrow picture shows the label's end, which tells files apart
  const label = text.slice(-Math.max(1, Math.floor((bw - 4) / 4)))
  const a = (hash(key, 1) % 628) / 100
  const b = (hash(key, 2) % 628) / 100
  const fx = 4 + (hash(key, 3) % 9)
  const fy = 3 + (hash(key, 4) % 9)
  const scale = Math.max(1, Math.floor(bw / (label.length * 4 + 4)))
  const top = Math.max(1, Math.floor(bh / 2) - 3 * scale)
  const band = [top - scale, top + 6 * scale]
  return (bx, by) => {
    if (by >= band[0]! && by < band[1]!) {
      const gx = Math.floor((bx - 2 * scale) / scale)
      const gy = Math.floor((by - top) / scale)
      const glyph = gx >= 0 && gy >= 0 && gy < 5 && gx % 4 < 3 ? GLYPHS[label[Math.floor(gx / 4)] ?? ''] : undefined
      const on = glyph && (glyph[gy]! >> (2 - (gx % 4))) & 1
      return on ? [250, 250, 250] : [24, 24, 32]
    }
    return [
      110 + 90 * Math.sin(bx / fx + a),
      110 + 90 * Math.sin(by / fy + b),
      140 + 80 * Math.sin((bx + by) / (fx + fy) + a + b),
    ]
  }
}

/** The photo as segments: JPEG headers, COM segments of fill bytes up to `size`, then the scan. */
export function photoLayout(key: number, label: string, width: number, height: number, size: number): Segment[] {
  const jpeg = encodeBlocks(width, height, painter(key, label, width >> 3, height >> 3))
  let pad = size - jpeg.length
  if (pad < 4) throw new Error(`photo of ${size} bytes cannot hold its ${jpeg.length}-byte picture`)
  const head = headerLength()
  const out: Segment[] = [{ bytes: jpeg.subarray(0, head) }]
  for (let n = 0; pad > 0; n++) {
    let body = Math.min(65533, pad - 4)
    const rest = pad - body - 4
    if (rest > 0 && rest < 4) body -= 4 // leave room for one more segment header
    out.push({ bytes: new Uint8Array([0xff, 0xfe, (body + 2) >> 8, (body + 2) & 0xff]) }, { fill: (key + n) >>> 0, length: body })
    pad -= body + 4
  }
  out.push({ bytes: jpeg.subarray(head) })
  return out
}
