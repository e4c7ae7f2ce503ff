// A baseline JPEG encoder for pictures made of flat 8x8 blocks: every block is one colour, so only
// DC coefficients are coded and a 1280x960 picture encodes in about a millisecond (a general
// encoder in JavaScript takes ~100 ms, which the demo's few hundred photos cannot afford).
// The output is an ordinary JFIF file (4:4:4, one quantisation table, Huffman tables in the file).

export type Rgb = [number, number, number]

const DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
const DC_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
// AC needs a single symbol, end-of-block, coded as one bit
const AC_BITS = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
const AC_VALUES = [0]

/** canonical Huffman codes of a DHT (bits per length, values) as [code, length] by value */
function huffman(bits: number[], values: number[]): [number, number][] {
  const out: [number, number][] = []
  let code = 0
  let k = 0
  for (let len = 1; len <= 16; len++) {
    for (let i = 0; i < bits[len - 1]!; i++) out[values[k++]!] = [code++, len]
    code <<= 1
  }
  return out
}
const DC_CODES = huffman(DC_BITS, DC_VALUES)

class BitWriter {
  private buf: Uint8Array
  private n = 0
  private acc = 0
  private bits = 0
  constructor(capacity: number) {
    this.buf = new Uint8Array(capacity)
  }
  put(code: number, len: number): void {
    this.acc = (this.acc << len) | (code & ((1 << len) - 1))
    this.bits += len
    while (this.bits >= 8) {
      this.bits -= 8
      this.byte((this.acc >>> this.bits) & 0xff)
    }
    this.acc &= (1 << this.bits) - 1
  }
  private byte(b: number): void {
    if (this.n + 2 > this.buf.length) {
      const bigger = new Uint8Array(this.buf.length * 2)
      bigger.set(this.buf)
      this.buf = bigger
    }
    this.buf[this.n++] = b
    if (b === 0xff) this.buf[this.n++] = 0 // byte stuffing
  }
  finish(): Uint8Array {
    if (this.bits > 0) this.put(0x7f, 8 - this.bits) // pad with one-bits
    return this.buf.subarray(0, this.n)
  }
}

function segment(marker: number, body: number[]): number[] {
  const len = body.length + 2
  return [0xff, marker, len >> 8, len & 0xff, ...body]
}

function headers(width: number, height: number): number[] {
  const jfif = [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]
  // DC of a flat block with level-shifted value v is 8v: a quantiser of 8 keeps v exactly
  const dqt = [0, ...new Array<number>(64).fill(8)]
  const comp = (id: number) => [id, 0x11, 0]
  const sof = [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 3, ...comp(1), ...comp(2), ...comp(3)]
  const dht = [0x00, ...DC_BITS, ...DC_VALUES, 0x10, ...AC_BITS, ...AC_VALUES]
  return [
    0xff, 0xd8, ...segment(0xe0, jfif), ...segment(0xdb, dqt), ...segment(0xc0, sof), ...segment(0xc4, dht),
  ]
}
const SOS = segment(0xda, [3, 1, 0x00, 2, 0x00, 3, 0x00, 0, 63, 0])

/** Bytes of the JPEG up to and including its Huffman tables: where COM segments may go. */
export function headerLength(): number {
  return headers(8, 8).length
}

/**
 * Encodes a width x height picture (multiples of 8) whose block (bx, by) has colour block(bx, by).
 * Worst case ~14 bytes per block; flat pictures take 2-3.
 */
export function encodeBlocks(width: number, height: number, block: (bx: number, by: number) => Rgb): Uint8Array {
  const bw = width >> 3
  const bh = height >> 3
  const w = new BitWriter(bw * bh * 3 + 1024)
  const prev = [0, 0, 0]
  const ycc = [0, 0, 0]
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      const [r, g, b] = block(bx, by)
      ycc[0] = 0.299 * r + 0.587 * g + 0.114 * b
      ycc[1] = -0.168736 * r - 0.331264 * g + 0.5 * b + 128
      ycc[2] = 0.5 * r - 0.418688 * g - 0.081312 * b + 128
      for (let c = 0; c < 3; c++) {
        const v = Math.max(0, Math.min(255, Math.round(ycc[c]!))) - 128
        const diff = v - prev[c]!
        prev[c] = v
        const mag = Math.abs(diff)
        const cat = mag === 0 ? 0 : 32 - Math.clz32(mag)
        const [code, len] = DC_CODES[cat]!
        w.put(code, len)
        if (cat > 0) w.put(diff < 0 ? diff - 1 : diff, cat)
        w.put(0, 1) // end of block: all AC coefficients are zero
      }
    }
  }
  const head = headers(width, height)
  const data = w.finish()
  const out = new Uint8Array(head.length + SOS.length + data.length + 2)
  out.set(head, 0)
  out.set(SOS, head.length)
  out.set(data, head.length + SOS.length)
  out.set([0xff, 0xd9], out.length - 2)
  return out
}

/** Upper bound of encodeBlocks' output for a picture of this size. */
export function maxEncodedSize(width: number, height: number): number {
  return (width >> 3) * (height >> 3) * 14 + 1024
}
