// Cuts oversized JSON strings before the parser sees them (issue 16: a 50 MB message text aborted
// `tobs convert` out of memory; the parser builds every string whole, then the message is copied
// into the state database and a note). A string past `limit` bytes keeps its first `limit` bytes and
// ends in CUT_MARK and its full size, so the reader can tell which message it was; memory stays at
// one chunk of the file whatever the export holds.

/** What a cut string ends with, followed by its size in bytes in the export. */
export const CUT_MARK = '\u0000tobs-cut '

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
    for (let i = 0; i < n; i++) {
      const b = buf[i]!
      if (!this.inString) {
        if (b !== QUOTE) {
          // outside strings: jump to the next quote
          const q = buf.indexOf(QUOTE, i)
          if (q < 0) break
          i = q
        }
        this.inString = true
        this.length = 0
        continue
      }
      if (this.afterBackslash) {
        this.afterBackslash = false
        this.escape = b === U ? 4 : 0
      } else if (this.escape > 0) {
        this.escape--
      } else if (b === BACKSLASH) {
        this.afterBackslash = true
      } else if (b === QUOTE) {
        this.inString = false
        if (this.cutting) {
          this.cutting = false
          kept.push(Buffer.from(`\\u0000${CUT_MARK.slice(1)}${this.length}`))
          from = i
        }
        continue
      }
      this.length++
      // cut only between escape sequences, so the kept part stays valid JSON
      if (!this.cutting && this.length > this.limit && !this.afterBackslash && this.escape === 0) {
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
}
