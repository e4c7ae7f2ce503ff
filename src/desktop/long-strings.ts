// Cuts oversized JSON strings before the parser sees them (issue 16: a 50 MB message text aborted
// `tobs convert` out of memory; the parser builds every string whole, then the message is copied
// into the state database and a note). A string past `limit` bytes keeps its first `limit` bytes and
// ends in CUT_MARK and its full size, so the reader can tell which message it was; memory stays at
// one chunk of the file whatever the export holds.

/** What a cut string ends with, followed by its size in bytes in the export. */
export const CUT_MARK = '\u0000tobs-cut '

/** CUT_MARK as the cutter writes it into the JSON text, before the parser has read the escape. */
export const CUT_ESCAPE = `\\u0000${CUT_MARK.slice(1)}`

/**
 * bytes a string of the export may hold before it is cut: Telegram's texts are 4096 characters at
 * most (24 KiB as JSON escapes), so nothing real comes near; the tokenizer buffers a string until its
 * closing quote, and this bounds that buffer.
 */
export const STRING_LIMIT = 2 ** 18

/** characters of text a message may hold in all before the reader refuses it */
export const MESSAGE_LIMIT = 4 * 2 ** 20

/** The field the walker adds to a refused message: how many bytes of text it held in the export. */
export const OVERSIZE_KEY = '\u0000tobs-oversize'

const QUOTE = 0x22
const BACKSLASH = 0x5c
const U = 0x75

export class StringCutter {
  private inString = false
  /** bytes of an escape sequence still to pass (1 after a backslash, 4 after \u) */
  private escape = 0
  private afterBackslash = false
  /** bytes of the current string so far */
  private length = 0
  private cutting = false

  constructor(private readonly limit: number) {}

  /** The chunk as the parser should see it. Returns the same buffer when nothing is cut. */
  filter(buf: Buffer): Buffer {
    const kept: Buffer[] = []
    let from = 0
    const n = buf.length
    // next backslash at or after i (-1: none left): searched once per backslash, not per string
    let backslash = -2
    for (let i = 0; i < n; i++) {
      if (!this.inString) {
        // outside strings: jump to the next quote
        const q = buf.indexOf(QUOTE, i)
        if (q < 0) break
        i = q
        this.inString = true
        this.length = 0
        continue
      }
      if (!this.afterBackslash && this.escape === 0) {
        // plain bytes up to the next quote or backslash in one step (issue 10: the byte loop was
        // 11 % of reading an export); the byte where the string passes the limit is left to the loop
        if (backslash !== -1 && backslash < i) backslash = buf.indexOf(BACKSLASH, i)
        const q = buf.indexOf(QUOTE, i)
        let end = q < 0 ? n : q
        if (backslash !== -1 && backslash < end) end = backslash
        const run = this.cutting ? end - i : Math.min(end - i, Math.max(0, this.limit - this.length))
        this.length += run
        i += run
        if (i >= n) break
      }
      const cut = this.step(buf[i]!)
      if (cut === 'closed' && this.cutting) {
        this.cutting = false
        kept.push(Buffer.from(`${CUT_ESCAPE}${this.length}`))
        from = i
      } else if (cut === 'past') {
        this.cutting = true
        kept.push(buf.subarray(from, i + 1))
      }
    }
    // still inside a cut string: the rest of the chunk belongs to it
    if (this.cutting) return kept.length ? Buffer.concat(kept) : Buffer.alloc(0)
    if (kept.length === 0) return buf
    kept.push(buf.subarray(from))
    return Buffer.concat(kept)
  }

  /**
   * One byte inside a string: 'closed' when it is the closing quote, 'past' when the string has
   * just gone past the limit (cut only between escape sequences, so the kept part stays valid JSON).
   */
  private step(b: number): 'closed' | 'past' | undefined {
    if (this.afterBackslash) {
      this.afterBackslash = false
      this.escape = b === U ? 4 : 0
    } else if (this.escape > 0) {
      this.escape--
    } else if (b === BACKSLASH) {
      this.afterBackslash = true
    } else if (b === QUOTE) {
      this.inString = false
      return 'closed'
    }
    this.length++
    if (!this.cutting && this.length > this.limit && !this.afterBackslash && this.escape === 0) return 'past'
    return undefined
  }
}
