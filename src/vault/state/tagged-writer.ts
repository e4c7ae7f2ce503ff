// Writes message bodies in the tagged format (tagged-body.ts describes it; tagged-format.ts holds
// its codes). The same message must always give the same bytes: a row is stored again only when
// its bytes differ (messages.ts). A plan of each kind of object's fields (one identity check a
// field instead of CODE's lookup) wrote no faster here and doubled what V8 compiled for the writer.
import { wellFormed, type FastBuffer } from '../utf8.ts'
import {
  CODE, END, INLINE_KEY, MARK, NotPlain, SHORT_STR, T_ARRAY, T_F64, T_FALSE, T_NEG, T_NULL, T_OBJECT, T_STR32, T_STR8,
  T_TRUE, T_UINT, T_UNDEFINED, T_UTF16, VERSION,
} from './tagged-format.ts'

/** Bytes every field may take before the next check for room: its code, a tag and 9 bytes of number. */
const FIELD_ROOM = 16
/**
 * Strings shorter than this are written by a loop here, longer ones by Node's UTF-8 writer: a call
 * into it costs ~60 ns whatever the length, the loop ~2 ns a code unit.
 */
const SHORT_LOOP = 24

export class TaggedWriter {
  private buf = Buffer.allocUnsafeSlow(8192) as FastBuffer
  private readonly f64 = new Float64Array(1)
  private readonly f64bytes = new Uint8Array(this.f64.buffer)

  /** The body of `value`; valid until the next call (the same bytes are reused). Throws NotPlain. */
  encode(value: object): Buffer {
    const buf = this.buf
    buf[0] = MARK
    buf[1] = VERSION
    const end = this.value(value, 2)
    return this.buf.subarray(0, end)
  }

  /** Makes room for n bytes at p (the buffer is replaced: callers read this.buf again). */
  private grow(p: number, n: number): void {
    const bigger = Buffer.allocUnsafeSlow(Math.max(2 * this.buf.length, p + n)) as FastBuffer
    this.buf.copy(bigger, 0, 0, p)
    this.buf = bigger
  }

  /** Writes v at p (FIELD_ROOM bytes there are free); returns where it ended. */
  private value(v: unknown, p: number): number {
    if (typeof v === 'string') return this.string(v, p)
    if (typeof v === 'number') return this.number(v, p)
    if (typeof v === 'object') {
      if (v === null) {
        this.buf[p] = T_NULL
        return p + 1
      }
      if (Array.isArray(v)) return this.array(v, p)
      if (Object.getPrototypeOf(v) === Object.prototype) return this.object(v as Record<string, unknown>, p)
    } else if (typeof v === 'boolean') {
      this.buf[p] = v ? T_TRUE : T_FALSE
      return p + 1
    } else if (v === undefined) {
      this.buf[p] = T_UNDEFINED
      return p + 1
    }
    throw new NotPlain(`cannot store a ${typeof v}`)
  }

  private object(o: Record<string, unknown>, p: number): number {
    this.buf[p++] = T_OBJECT
    for (const k in o) {
      const code = CODE.get(k)
      if (p + FIELD_ROOM > this.buf.length) this.grow(p, FIELD_ROOM)
      if (code !== undefined) this.buf[p++] = code
      else {
        this.buf[p++] = INLINE_KEY
        p = this.string(k, p)
        if (p + FIELD_ROOM > this.buf.length) this.grow(p, FIELD_ROOM)
      }
      const v = o[k]
      // the two kinds most fields hold, without the call
      if (typeof v === 'string') p = this.string(v, p)
      else if (typeof v === 'number' && (v >>> 0) === v && v < 0x40 && (v !== 0 || 1 / v > 0)) this.buf[p++] = v
      else p = this.value(v, p)
    }
    if (p + 1 > this.buf.length) this.grow(p, 1)
    this.buf[p] = END
    return p + 1
  }

  private array(a: unknown[], p: number): number {
    this.buf[p++] = T_ARRAY
    p = this.varint(a.length, p)
    for (let i = 0; i < a.length; i++) {
      if (p + FIELD_ROOM > this.buf.length) this.grow(p, FIELD_ROOM)
      p = this.value(a[i], p)
    }
    return p
  }

  private number(n: number, p: number): number {
    const buf = this.buf
    // 0 === -0: a zero is written as one only if 1 / it is +Infinity
    if ((n >>> 0) === n && (n !== 0 || 1 / n > 0)) {
      if (n < 0x40) {
        buf[p] = n
        return p + 1
      }
      buf[p] = T_UINT
      return this.varint(n, p + 1)
    }
    if (Number.isSafeInteger(n) && n !== 0) {
      buf[p] = n < 0 ? T_NEG : T_UINT
      return this.varint(n < 0 ? -n : n, p + 1)
    }
    buf[p++] = T_F64
    this.f64[0] = n
    const b = this.f64bytes
    buf[p++] = b[0]!
    buf[p++] = b[1]!
    buf[p++] = b[2]!
    buf[p++] = b[3]!
    buf[p++] = b[4]!
    buf[p++] = b[5]!
    buf[p++] = b[6]!
    buf[p++] = b[7]!
    return p
  }

  /** An unsigned integer up to 2^53, 7 bits a byte, low first. */
  private varint(n: number, p: number): number {
    const buf = this.buf
    while (n > 0xffffffff) {
      buf[p++] = (n % 0x80) | 0x80
      n = Math.floor(n / 0x80)
    }
    while (n >= 0x80) {
      buf[p++] = (n & 0x7f) | 0x80
      n >>>= 7
    }
    buf[p] = n
    return p + 1
  }

  private string(s: string, head: number): number {
    const len = s.length
    // the header's size is chosen from the most bytes the string can take (3 a code unit)
    if (head + 3 * len + 6 > this.buf.length) this.grow(head, 3 * len + 6)
    const buf = this.buf
    const start = head + (3 * len < 0x40 ? 1 : 3 * len < 0x100 ? 2 : 6)
    let p = start
    if (len < SHORT_LOOP) {
      for (let i = 0; i < len; i++) {
        let c = s.charCodeAt(i)
        if (c < 0x80) buf[p++] = c
        else if (c < 0x800) {
          buf[p++] = (c >> 6) | 0xc0
          buf[p++] = (c & 0x3f) | 0x80
        } else if ((c & 0xf800) !== 0xd800) {
          buf[p++] = (c >> 12) | 0xe0
          buf[p++] = ((c >> 6) & 0x3f) | 0x80
          buf[p++] = (c & 0x3f) | 0x80
        } else {
          const d = (c & 0xfc00) === 0xd800 ? s.charCodeAt(i + 1) : 0
          if ((d & 0xfc00) !== 0xdc00) return this.utf16(s, head)
          c = 0x10000 + ((c & 0x3ff) << 10) + (d & 0x3ff)
          i++
          buf[p++] = (c >> 18) | 0xf0
          buf[p++] = ((c >> 12) & 0x3f) | 0x80
          buf[p++] = ((c >> 6) & 0x3f) | 0x80
          buf[p++] = (c & 0x3f) | 0x80
        }
      }
    } else {
      if (!wellFormed(s)) return this.utf16(s, head)
      p += buf.utf8Write(s, start)
    }
    const bytes = p - start
    if (start === head + 1) {
      buf[head] = SHORT_STR | bytes
      return p
    }
    if (start === head + 2) {
      buf[head] = T_STR8
      buf[head + 1] = bytes
      return p
    }
    buf[head] = T_STR32
    const at = this.varint(bytes, head + 1)
    // the varint took at most 5 bytes of the 5 reserved: move the string up against it
    if (at < start) buf.copyWithin(at, start, p)
    return at + bytes
  }

  /** A string UTF-8 cannot carry, as its UTF-16 code units. */
  private utf16(s: string, p: number): number {
    if (p + 2 * s.length + 6 > this.buf.length) this.grow(p, 2 * s.length + 6)
    this.buf[p] = T_UTF16
    p = this.varint(s.length, p + 1)
    return p + this.buf.ucs2Write(s, p)
  }
}
