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
import { wellFormed, type FastBuffer } from '../utf8.ts'

/** First byte of a body in this format (never the first byte of a MessagePack value). */
export const MARK = 0xc1
export const VERSION = 1

/**
 * Field names written as one byte (their index + 1). APPEND ONLY: stored rows name fields by
 * their place here. A name not listed is written out in full (key byte 0xff).
 */
const KEYS = [
  // Message
  'id', 'chatId', 'topicId', 'date', 'editDate', 'sender', 'signature', 'text', 'entities', 'replyTo',
  'forward', 'viaBot', 'groupedId', 'views', 'forwards', 'replies', 'comments', 'reactions', 'media',
  'service', 'pinned', 'silent', 'out',
  // Peer, Entity, FormattedText
  'kind', 'name', 'username', 'type', 'offset', 'length', 'url', 'language', 'userId', 'documentId', 'collapsed',
  // FileRef
  'uniqueId', 'mime', 'size', 'width', 'height', 'duration', 'performer', 'title', 'emoji', 'ref', 'unavailable',
  // Media
  'file', 'spoiler', 'ttlSeconds', 'question', 'answers', 'totalVoters', 'closed', 'quiz', 'multiple',
  'publicVoters', 'solution', 'voters', 'chosen', 'correct', 'lat', 'long', 'accuracy', 'address', 'provider',
  'period', 'heading', 'firstName', 'lastName', 'phone', 'vcard', 'value', 'description', 'shortName',
  'currency', 'totalAmount', 'test', 'quantity', 'months', 'stars', 'untilDate', 'channels', 'countries',
  'prize', 'winners', 'results', 'peerId', 'storyId', 'via', 'siteName', 'photo', 'starsAmount', 'files',
  'items', 'done', 'what',
  // ServiceAction, Reaction, ReplyTo, Forward, comments
  'users', 'userIds', 'values', 'messageId', 'count', 'quote', 'from', 'fromPeer', 'savedFrom', 'groupId', 'maxId',
] as const
const CODE = new Map<string, number>(KEYS.map((k, i) => [k, i + 1]))
const END = 0
const INLINE_KEY = 0xff

// value tags; 0x00-0x3f: that small integer; 0x80-0xbf: a UTF-8 string of (tag & 0x3f) bytes
const T_UINT = 0x40 // varint
const T_NEG = 0x41 // varint of the negated integer
const T_F64 = 0x42 // 8 bytes, little-endian
const T_STR8 = 0x43 // UTF-8, 1-byte length
const T_STR32 = 0x44 // UTF-8, varint length
const T_UTF16 = 0x45 // varint count of code units, then 2 bytes each
const T_FALSE = 0x46
const T_TRUE = 0x47
const T_NULL = 0x48
const T_UNDEFINED = 0x49
const T_ARRAY = 0x4a // varint count, values
const T_OBJECT = 0x4b // (key, value)* END
const SHORT_STR = 0x80

/** A value the format does not carry (a class instance, a bigint, a function, a symbol). */
export class NotPlain extends Error {}


export class TaggedWriter {
  private buf = Buffer.allocUnsafeSlow(8192) as FastBuffer
  private pos = 0
  private readonly f64 = new Float64Array(1)
  private readonly f64bytes = new Uint8Array(this.f64.buffer)

  /** The body of `value`; valid until the next call (the same bytes are reused). Throws NotPlain. */
  encode(value: object): Buffer {
    this.pos = 0
    this.room(2)
    this.buf[0] = MARK
    this.buf[1] = VERSION
    this.pos = 2
    this.value(value)
    return this.buf.subarray(0, this.pos)
  }

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return
    const bigger = Buffer.allocUnsafeSlow(Math.max(2 * this.buf.length, this.pos + n)) as FastBuffer
    this.buf.copy(bigger, 0, 0, this.pos)
    this.buf = bigger
  }

  private value(v: unknown): void {
    switch (typeof v) {
      case 'string': return this.string(v)
      case 'number': return this.number(v)
      case 'boolean': this.room(1); this.buf[this.pos++] = v ? T_TRUE : T_FALSE; return
      case 'undefined': this.room(1); this.buf[this.pos++] = T_UNDEFINED; return
      case 'object':
        if (v === null) { this.room(1); this.buf[this.pos++] = T_NULL; return }
        if (Array.isArray(v)) return this.array(v)
        if (v.constructor === Object) return this.object(v as Record<string, unknown>)
    }
    throw new NotPlain(`cannot store a ${typeof v}`)
  }

  private object(o: Record<string, unknown>): void {
    this.room(1)
    this.buf[this.pos++] = T_OBJECT
    for (const k in o) {
      const code = CODE.get(k)
      this.room(1)
      if (code !== undefined) this.buf[this.pos++] = code
      else {
        this.buf[this.pos++] = INLINE_KEY
        this.string(k)
      }
      this.value(o[k])
    }
    this.room(1)
    this.buf[this.pos++] = END
  }

  private array(a: unknown[]): void {
    this.room(11)
    this.buf[this.pos++] = T_ARRAY
    this.varint(a.length)
    for (let i = 0; i < a.length; i++) this.value(a[i])
  }

  private number(n: number): void {
    this.room(10)
    const buf = this.buf
    // 0 === -0: a zero is written as one only if 1 / it is +Infinity
    if ((n >>> 0) === n && (n !== 0 || 1 / n > 0)) {
      if (n < 0x40) buf[this.pos++] = n
      else {
        buf[this.pos++] = T_UINT
        this.varint(n)
      }
    } else if (Number.isSafeInteger(n) && n !== 0) {
      buf[this.pos++] = n < 0 ? T_NEG : T_UINT
      this.varint(n < 0 ? -n : n)
    } else {
      buf[this.pos++] = T_F64
      this.f64[0] = n
      buf[this.pos++] = this.f64bytes[0]!
      buf[this.pos++] = this.f64bytes[1]!
      buf[this.pos++] = this.f64bytes[2]!
      buf[this.pos++] = this.f64bytes[3]!
      buf[this.pos++] = this.f64bytes[4]!
      buf[this.pos++] = this.f64bytes[5]!
      buf[this.pos++] = this.f64bytes[6]!
      buf[this.pos++] = this.f64bytes[7]!
    }
  }

  /** An unsigned integer up to 2^53, 7 bits a byte, low first. */
  private varint(n: number): void {
    const buf = this.buf
    while (n > 0xffffffff) {
      buf[this.pos++] = (n % 0x80) | 0x80
      n = Math.floor(n / 0x80)
    }
    while (n >= 0x80) {
      buf[this.pos++] = (n & 0x7f) | 0x80
      n >>>= 7
    }
    buf[this.pos++] = n
  }

  private string(s: string): void {
    const len = s.length
    // the header's size is chosen from the most bytes the string can take (3 a code unit)
    this.room(3 * len + 6)
    const buf = this.buf
    const head = this.pos
    const start = head + (3 * len < 0x40 ? 1 : 3 * len < 0x100 ? 2 : 6)
    let p = start
    if (len < 0x40) {
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
          if ((d & 0xfc00) !== 0xdc00) return this.utf16(s)
          c = 0x10000 + ((c & 0x3ff) << 10) + (d & 0x3ff)
          i++
          buf[p++] = (c >> 18) | 0xf0
          buf[p++] = ((c >> 12) & 0x3f) | 0x80
          buf[p++] = ((c >> 6) & 0x3f) | 0x80
          buf[p++] = (c & 0x3f) | 0x80
        }
      }
    } else {
      if (!wellFormed(s)) return this.utf16(s)
      p += buf.utf8Write(s, start)
    }
    const bytes = p - start
    if (start === head + 1) buf[head] = SHORT_STR | bytes
    else if (start === head + 2) {
      buf[head] = T_STR8
      buf[head + 1] = bytes
    } else {
      buf[head] = T_STR32
      this.pos = head + 1
      this.varint(bytes)
      // the varint took at most 5 bytes of the 5 reserved: move the string up against it
      if (this.pos < start) buf.copyWithin(this.pos, start, p)
      p = this.pos + bytes
    }
    this.pos = p
  }

  /** A string UTF-8 cannot carry, as its UTF-16 code units. */
  private utf16(s: string): void {
    this.room(2 * s.length + 6)
    this.buf[this.pos++] = T_UTF16
    this.varint(s.length)
    this.pos += this.buf.ucs2Write(s, this.pos)
  }
}

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
