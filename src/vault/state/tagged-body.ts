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

/** Strings of fewer bytes than this are kept in the reader's table of strings seen. */
const SHORT = 16
/** Slots of that table (a power of two). */
const SLOTS = 4096

/** Reads bodies of this format (starting at their MARK byte). */
export class TaggedReader {
  private buf = Buffer.alloc(0) as FastBuffer
  /** what buf views */
  private source: Uint8Array | undefined
  private pos = 0
  private readonly f64 = new Float64Array(1)
  private readonly f64bytes = new Uint8Array(this.f64.buffer)
  /** short strings read before, by a hash of their bytes; their lengths, bytes (SHORT a slot) */
  private readonly seen: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined)
  private readonly seenLength = new Uint8Array(SLOTS).fill(0xff)
  private readonly seenBytes = new Uint8Array(SLOTS * SHORT)

  decode(bytes: Uint8Array, start = 0, end = bytes.length): unknown {
    // always a Buffer made here: a Buffer made by Node's C++ side (a row from better-sqlite3) has
    // another hidden class than one made in JS (a held period's chunk), and meeting both
    // deoptimized every read function once in each export (five recompiles)
    if (bytes !== this.source) {
      this.source = bytes
      this.buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as FastBuffer
    }
    const buf = this.buf
    if (buf[start] !== MARK || buf[start + 1] !== VERSION) throw new Error(`not a message body of format ${VERSION}`)
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
    const start = this.pos
    const end = start + n
    this.pos = end
    return n < SHORT ? this.short(start, end) : this.buf.utf8Slice(start, end)
  }

  /**
   * A short string, the same string object as the last time these bytes were read if it is still
   * in `seen`: most short strings of messages come again and again (kinds, entity types, names,
   * usernames, file types), and building each anew was an allocation a character.
   */
  private short(start: number, end: number): string {
    const buf = this.buf
    const n = end - start
    // a few of its bytes choose the slot: the comparison below is what tells
    const h = Math.imul(n ^ (buf[start]! << 4) ^ (buf[end - 1]! << 11) ^ (buf[start + (n >> 1)]! << 18) ^ (buf[end - 2]! << 25), 0x9e3779b1)
    const slot = h >>> 20
    const bytes = this.seenBytes
    const at = slot * SHORT
    if (this.seenLength[slot] === n) {
      let i = 0
      while (i < n && bytes[at + i] === buf[start + i]) i++
      if (i === n) return this.seen[slot]!
    }
    let s = ''
    for (let i = start; i < end; i++) {
      const c = buf[i]!
      if (c >= 0x80) {
        s = buf.utf8Slice(start, end)
        break
      }
      s += String.fromCharCode(c)
    }
    this.seen[slot] = s
    this.seenLength[slot] = n
    for (let i = 0; i < n; i++) bytes[at + i] = buf[start + i]!
    return s
  }
}
