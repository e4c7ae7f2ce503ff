// How a message body is stored (issue 10): a small tagged binary format for the plain data of
// model/types.ts, written and read by hand. Field names are one byte from a fixed list (KEYS), so a
// row holds values, not names, with no table of shapes to load, save or roll back; keys keep their
// order, numbers their exact value (-0, fractions and unsafe integers as float64), and strings
// every code unit: one that UTF-8 cannot carry (a lone surrogate, half an emoji a client cut) is
// kept as UTF-16. Against msgpackr with shared structures, the encoding before, in one run of
// bench/encoding.ts on the 50k messages of the fast bench's vault (best of 7, load ~11): encode
// 3.81 -> 2.67 µs, decode 3.52 -> 2.19 µs, 182 -> 212 bytes a message; in CPU profiles of the fast
// export, alternating with main (load 8-12), encode + decode 1092/1121 -> 778/665 ms. And no
// generic reader for V8 to optimize again and again (msgpackr's `read` was compiled 7 times).
//
// A body starts with 0xc1, a byte MessagePack never uses, then the format's version: rows written
// before (msgpackr, JSON text) stay readable.
import type { FastBuffer } from '../utf8.ts'
import {
  END, INLINE_KEY, KEYS, MARK, SHORT_STR, T_ARRAY, T_F64, T_FALSE, T_NEG, T_NULL, T_OBJECT, T_STR32, T_STR8, T_TRUE,
  T_UINT, T_UNDEFINED, T_UTF16, VERSION,
} from './tagged-format.ts'

export { MARK, NotPlain, VERSION } from './tagged-format.ts'
export { TaggedWriter } from './tagged-writer.ts'

/** Reads bodies of this format (starting at their MARK byte). */
export class TaggedReader {
  private buf = Buffer.alloc(0) as FastBuffer
  private pos = 0
  private readonly f64 = new Float64Array(1)
  private readonly f64bytes = new Uint8Array(this.f64.buffer)

  decode(bytes: Uint8Array, start = 0, end = bytes.length): unknown {
    const buf = (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)) as FastBuffer
    if (buf[start] !== MARK || buf[start + 1] !== VERSION) throw new Error(`not a message body of format ${VERSION}`)
    this.buf = buf
    this.pos = start + 2
    const v = this.value()
    if (this.pos !== end) throw new Error(`a message body of ${end - start} bytes ended at ${this.pos - start}`)
    return v
  }

  private value(): unknown {
    const t = this.buf[this.pos++]!
    if (t < 0x40) return t
    if (t >= SHORT_STR && t < 0xc0) return this.utf8(t & 0x3f)
    switch (t) {
      case T_OBJECT: return this.object()
      case T_STR8: return this.utf8(this.buf[this.pos++]!)
      case T_UINT: return this.varint()
      case T_NEG: return -this.varint()
      case T_ARRAY: {
        const n = this.varint()
        const a = new Array(n)
        for (let i = 0; i < n; i++) a[i] = this.value()
        return a
      }
      case T_TRUE: return true
      case T_FALSE: return false
      case T_NULL: return null
      case T_UNDEFINED: return undefined
      case T_STR32: return this.utf8(this.varint())
      case T_F64:
        this.f64bytes.set(this.buf.subarray(this.pos, this.pos + 8))
        this.pos += 8
        return this.f64[0]
      case T_UTF16: {
        const n = this.varint()
        const s = this.buf.ucs2Slice(this.pos, this.pos + 2 * n)
        this.pos += 2 * n
        return s
      }
    }
    throw new Error(`a message body holds an unknown tag ${t} at ${this.pos - 1}`)
  }

  private object(): Record<string, unknown> {
    const o: Record<string, unknown> = {}
    for (;;) {
      const k = this.buf[this.pos++]!
      if (k === END) return o
      // one keyed store for every field: a named store per field (a generated switch) decoded
      // ~20 % faster once optimized, but TurboFan compiled that switch twice in a fast export, at
      // ~130 ms each, after a new shape of object missed its stores
      const key = k === INLINE_KEY ? (this.value() as string) : KEYS[k - 1]
      if (key === undefined) throw new Error(`a message body names an unknown field ${k}`)
      // an own field named __proto__ (JSON.parse makes one), not the object's prototype
      if (key === '__proto__') Object.defineProperty(o, key, { value: this.value(), enumerable: true, writable: true, configurable: true })
      else o[key] = this.value()
    }
  }

  private varint(): number {
    const buf = this.buf
    let n = 0
    let scale = 1
    for (;;) {
      const b = buf[this.pos++]!
      n += (b & 0x7f) * scale
      if (b < 0x80) return n
      // past 2^56, or past the buffer (undefined): not a body this writer wrote
      if (scale > 2 ** 48 || b === undefined) throw new Error('a message body holds a broken number')
      scale *= 0x80
    }
  }

  private utf8(n: number): string {
    const buf = this.buf
    const start = this.pos
    const end = start + n
    this.pos = end
    if (n < 16) {
      // short ASCII strings in JS: a call into C++ for each costs more than it saves
      let s = ''
      for (let i = start; i < end; i++) {
        const c = buf[i]!
        if (c >= 0x80) return buf.utf8Slice(start, end)
        s += String.fromCharCode(c)
      }
      return s
    }
    return buf.utf8Slice(start, end)
  }
}
