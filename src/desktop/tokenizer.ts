// A push tokenizer for JSON text arriving in pieces: the tokens stream-json's Parser gave with packed
// values (keys, strings and numbers whole), at a fraction of its cost. stream-json matched every
// token with a regular expression and sliced its buffer after each one: on a 40 MB result.json that
// allocated 1.1 GB (half of everything `tobs convert` allocated) and garbage collection took 30 % of
// its CPU (issue 10). This one walks character codes, slices each string once, and hands escaped
// strings to JSON.parse.
import type { Json, Token } from './json.ts'

const enum Expect { Value, ValueOrEnd, Key, KeyOrEnd, Colon, CommaOrEnd, Done }

const OBJECT = 0
const ARRAY = 1
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/

/** Input that is not JSON; the message says what was expected (the caller adds where). */
export class JsonSyntaxError extends Error {}

/**
 * Objects read whole: where a value begins that the sink wants whole and that ends within the text
 * at hand, JSON.parse builds it (one token 'object') instead of a token per key and value. A message
 * of an export cost ~10 µs as tokens assembled into objects without a prototype, and half of what
 * `tobs convert` allocated (issue 10). Anything JSON.parse refuses is tokenized as usual, so errors
 * say what they said before.
 */
export interface WholeObjects {
  /** whether the value beginning now is wanted whole (asked only where a value may begin with '{') */
  wanted(): boolean
  /** whether this object's text may be read whole */
  accepts(text: string): boolean
}

export class JsonTokenizer {
  /** tokens produced, when no sink was given */
  readonly out: Token[] = []
  /** where each token goes the moment it is read: tokens held in batches outlived young-generation collections */
  private readonly emit: (t: Token) => void
  private buf = ''
  private stack: number[] = []
  private expect = Expect.Value
  /** index of the next backslash in buf at or after the last string start, or -1: one search per backslash, not per string */
  private backslash = -2

  constructor(sink?: (t: Token) => void, private readonly whole?: WholeObjects) {
    this.emit = sink ?? ((t) => this.out.push(t))
  }

  /** Tokenizes what `text` completes; a token cut off at its end waits for the next piece. Throws JsonSyntaxError. */
  write(text: string): void {
    this.buf = this.buf.length ? this.buf + text : text
    this.backslash = -2
    this.buf = this.buf.slice(this.run(false))
    this.backslash = -2
  }

  /** The input is over: throws when it stopped inside a value or held none. */
  end(): void {
    this.run(true)
    if (this.expect !== Expect.Done) throw new JsonSyntaxError('unexpected end of file (truncated export?)')
  }

  /** Consumes buf from the start; returns where an incomplete token begins (buf.length when none). */
  private run(final: boolean): number {
    const s = this.buf
    const n = s.length
    let i = 0
    for (;;) {
      let c = 0
      while (i < n && ((c = s.charCodeAt(i)) === 32 || c === 10 || c === 13 || c === 9)) i++
      if (i >= n) return n
      switch (this.expect) {
        case Expect.Value:
        case Expect.ValueOrEnd: {
          if (c === 93 /* ] */ && this.expect === Expect.ValueOrEnd) {
            this.close('endArray')
            i++
            break
          }
          const next = this.value(s, i, c, final)
          if (next < 0) return i
          i = next
          break
        }
        case Expect.Key:
        case Expect.KeyOrEnd: {
          if (c === 125 /* } */ && this.expect === Expect.KeyOrEnd) {
            this.close('endObject')
            i++
            break
          }
          if (c !== 34) throw this.unexpected(s, i, 'a key')
          const end = this.stringEnd(s, i, final)
          if (end < 0) return i
          this.emit({ name: 'keyValue', value: this.stringAt(s, i, end) })
          this.expect = Expect.Colon
          i = end + 1
          break
        }
        case Expect.Colon:
          if (c !== 58) throw this.unexpected(s, i, "':'")
          this.expect = Expect.Value
          i++
          break
        case Expect.CommaOrEnd: {
          const top = this.stack[this.stack.length - 1]
          if (c === 44) this.expect = top === OBJECT ? Expect.Key : Expect.Value
          else if (c === 125 && top === OBJECT) this.close('endObject')
          else if (c === 93 && top === ARRAY) this.close('endArray')
          else throw this.unexpected(s, i, top === OBJECT ? "',' or '}'" : "',' or ']'")
          i++
          break
        }
        case Expect.Done:
          throw this.unexpected(s, i, 'nothing after the top-level value')
      }
    }
  }

  /** One value starting at i: returns the index after it, or -1 when it is cut off at the end of buf. */
  private value(s: string, i: number, c: number, final: boolean): number {
    if (c === 123 /* { */) {
      if (this.whole?.wanted()) {
        let end = closingLine(s, i)
        let json = end >= 0 ? this.parseWhole(s.slice(i, end + 1)) : undefined
        if (json === undefined) {
          end = this.objectEnd(s, i)
          json = end >= 0 ? this.parseWhole(s.slice(i, end + 1)) : undefined
        }
        if (json !== undefined) {
          this.scalar({ name: 'object', json })
          return end + 1
        }
        // tokenized after all: the backslash found ahead of i says nothing about escapes before it
        this.backslash = -2
      }
      this.emit({ name: 'startObject' })
      this.stack.push(OBJECT)
      this.expect = Expect.KeyOrEnd
      return i + 1
    }
    if (c === 91 /* [ */) {
      this.emit({ name: 'startArray' })
      this.stack.push(ARRAY)
      this.expect = Expect.ValueOrEnd
      return i + 1
    }
    if (c === 34 /* " */) {
      const end = this.stringEnd(s, i, final)
      if (end < 0) return -1
      this.scalar({ name: 'stringValue', value: this.stringAt(s, i, end) })
      return end + 1
    }
    if (c === 45 || (c >= 48 && c <= 57)) {
      let j = i + 1
      for (let d = s.charCodeAt(j); (d >= 48 && d <= 57) || d === 46 || d === 101 || d === 69 || d === 43 || d === 45; d = s.charCodeAt(++j));
      if (j >= s.length && !final) return -1
      const text = s.slice(i, j)
      if (!NUMBER.test(text)) throw new JsonSyntaxError(`cannot parse input: bad number ${JSON.stringify(text.slice(0, 40))}`)
      this.scalar({ name: 'numberValue', value: text })
      return j
    }
    for (const [word, name] of LITERALS) {
      if (c !== word.charCodeAt(0)) continue
      if (s.length - i < word.length && !final) return -1
      if (!s.startsWith(word, i)) break
      this.scalar({ name })
      return i + word.length
    }
    throw this.unexpected(s, i, 'a value')
  }

  private scalar(t: Token): void {
    this.emit(t)
    this.expect = this.stack.length ? Expect.CommaOrEnd : Expect.Done
  }

  private close(name: string): void {
    this.stack.pop()
    this.emit({ name })
    this.expect = this.stack.length ? Expect.CommaOrEnd : Expect.Done
  }

  /** Index of the brace that closes the object opening at i, or -1 when buf ends first (nothing checked but strings). */
  private objectEnd(s: string, i: number): number {
    let depth = 0
    for (let j = i; j < s.length; j++) {
      const c = s.charCodeAt(j)
      if (c === 34) {
        j = this.stringEnd(s, j, false)
        if (j < 0) return -1
      } else if (c === 123 || c === 91) depth++
      else if ((c === 125 || c === 93) && --depth === 0) return j
    }
    return -1
  }

  private parseWhole(text: string): Json | undefined {
    if (!this.whole!.accepts(text)) return undefined
    try {
      return JSON.parse(text) as Json
    } catch {
      return undefined
    }
  }

  /** Index of the quote that closes the string opening at i, or -1 when buf ends first. */
  private stringEnd(s: string, i: number, final: boolean): number {
    const q = s.indexOf('"', i + 1)
    if (this.backslash !== -1 && this.backslash <= i) this.backslash = s.indexOf('\\', i + 1)
    if (q !== -1 && (this.backslash === -1 || this.backslash > q)) return q
    // an escape comes first: walk it (an escaped quote does not close the string)
    for (let j = i + 1; j < s.length; j++) {
      const c = s.charCodeAt(j)
      if (c === 92) j++
      else if (c === 34) return j
    }
    if (final) throw new JsonSyntaxError('unexpected end of file (truncated export?) inside a string')
    return -1
  }

  /** The string between the quotes at i and end, its escapes resolved by JSON.parse. */
  private stringAt(s: string, i: number, end: number): string {
    const hasEscape = this.backslash !== -1 && this.backslash < end
    if (!hasEscape) return s.slice(i + 1, end)
    try {
      return JSON.parse(s.slice(i, end + 1)) as string
    } catch (e) {
      throw new JsonSyntaxError(`cannot parse input: bad string (${(e as Error).message})`)
    }
  }

  private unexpected(s: string, i: number, wanted: string): JsonSyntaxError {
    return new JsonSyntaxError(`cannot parse input: expected ${wanted}, got ${JSON.stringify(s.slice(i, i + 12))}`)
  }
}

/** `\n` and `n` spaces, then `}`: how an object indented by n closes in indented JSON */
const CLOSERS: string[] = []

/**
 * Where an object of indented JSON (Desktop's) closes: the first line holding its own indentation
 * and `}`. A string cannot hold a raw newline, so that line is structure; were it a nested object's
 * (an oddly indented file), the text up to it is not one JSON value and JSON.parse says so. One
 * native search instead of walking every string and bracket of the message (issue 10). -1: not
 * indented so, or not closed in `s`.
 */
function closingLine(s: string, i: number): number {
  if (s.charCodeAt(i + 1) !== 10) return -1
  const line = s.lastIndexOf('\n', i) + 1
  const indent = i - line
  if (indent > 64) return -1
  for (let j = line; j < i; j++) if (s.charCodeAt(j) !== 32) return -1
  const closer = (CLOSERS[indent] ??= `\n${' '.repeat(indent)}}`)
  const at = s.indexOf(closer, i)
  return at < 0 ? -1 : at + closer.length - 1
}

const LITERALS: [string, string][] = [['true', 'trueValue'], ['false', 'falseValue'], ['null', 'nullValue']]
