// The text side of the user-edit guard (issue 16): a hash of a note that ignores blank lines, and
// what a user added outside tobs's message blocks, read from a note without holding it whole.
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'

const BATCH = 16384
const EMPTY = Buffer.alloc(0)
const NEWLINE = Buffer.from('\n')
/** the most text kept of what follows the last line that matched tobs's own: beyond, the note is set aside */
const MAX_TAIL = 4 * 2 ** 20

function isBlank(line: string): boolean {
  return line.trim() === ''
}

/**
 * sha-256 of a note's non-blank lines (line ends without \r): blank lines an editor adds or drops,
 * and a sync tool's CRLF, are not edits. Fed in chunks of any size: the lines kept are gathered and
 * hashed 16k characters at a time (an update per line cost ~2 µs a message of the export, issue 10).
 */
export class NoteHasher {
  private readonly h = createHash('sha256')
  /** what follows the last \n fed so far */
  private carry = ''
  /** non-blank lines, each ending in \n, waiting for one update */
  private kept: string[] = []
  private keptChars = 0
  /** bytes-fed: the current line's bytes up to lineEnd, then the lines kept of the bytes fed last */
  private out = EMPTY
  private lineEnd = 0

  update(text: string): void {
    // a long line fed in many chunks is searched for its end only in the new chunk
    if (text.indexOf('\n') < 0) {
      this.carry += text
      return
    }
    const s = this.carry + text
    let at = 0
    for (let nl = s.indexOf('\n'); nl >= 0; nl = s.indexOf('\n', at)) {
      this.keep(s, at, nl)
      at = nl + 1
    }
    this.carry = s.slice(at)
    if (this.keptChars >= BATCH) this.flush()
  }

  /**
   * Feeds the UTF-8 bytes of a text (what is written to the file): the same hash as `update` of that
   * text, without a string per line. The bytes of the lines kept are copied into one buffer, the
   * current line's bytes staying at its start until its \n comes, and hashed in one update per call
   * (hashing the note's text line by line as strings cost ~1.2 µs a message of the export, issue 10).
   * Not to be mixed with `update` in one hash.
   */
  bytes(b: Uint8Array): void {
    const o = this.lineEnd
    if (this.out.length < o + b.length + 1) {
      const bigger = Buffer.allocUnsafe(Math.max(2 * this.out.length, o + b.length + 1024))
      this.out.copy(bigger, 0, 0, o)
      this.out = bigger
    }
    const out = this.out
    const [kept, end] = keepLines(b, out, o)
    if (kept > 0) this.h.update(out.subarray(0, kept))
    if (kept < end) out.copy(out, 0, kept, end)
    this.lineEnd = end - kept
  }

  /** One whole line (no \n): the incremental form the scanner uses. */
  line(l: string): void {
    if (!isBlank(l)) this.h.update(l.endsWith('\r') ? l.slice(0, -1) + '\n' : l + '\n')
  }

  /** The digest of the lines fed so far, the hasher staying usable (line-fed only). */
  peek(): string {
    return this.h.copy().digest('hex')
  }

  digest(): string {
    if (this.lineEnd > 0) {
      // a last line without \n (bytes-fed)
      this.bytes(NEWLINE)
    }
    if (this.carry !== '') {
      const last = this.carry + '\n'
      this.keep(last, 0, last.length - 1)
      this.carry = ''
    }
    this.flush()
    return this.h.digest('hex')
  }

  /** Keeps the line s[at, nl) unless it is blank; nl is its \n. */
  private keep(s: string, at: number, nl: number): void {
    const end = nl > at && s.charCodeAt(nl - 1) === 13 ? nl - 1 : nl
    if (blankBetween(s, at, end)) return
    this.kept.push(end === nl ? s.slice(at, nl + 1) : s.slice(at, end) + '\n')
    this.keptChars += nl + 1 - at
  }

  private flush(): void {
    if (this.kept.length) this.h.update(this.kept.join(''))
    this.kept = []
    this.keptChars = 0
  }
}

/**
 * Appends b to out[0, o), the start of a line, dropping blank lines and each line's trailing \r;
 * returns how many bytes of out are whole lines kept, each ending in \n, and where the unfinished
 * last line's bytes end (one call per 64 KiB written: the pair costs nothing). Bytes are copied in a tight loop and a line is looked at once, at its
 * end: a byte-by-byte state machine cost ~4 ns a byte, a third of writing a note (issue 10). Apart
 * from the method so that its optimized code, compiled while the first long call still runs (OSR),
 * has seen everything after the loop: the method's was thrown away at the first return, every note.
 */
function keepLines(b: Uint8Array, out: Buffer, o: number): [kept: number, end: number] {
  const n = b.length
  let lineAt = 0
  let i = 0
  for (;;) {
    let c = 0
    while (i < n && (c = b[i]!) !== 10) {
      out[o++] = c
      i++
    }
    if (i === n) break
    i++
    // a line's \r is rare: a decrement in a branch of its own was first met after optimizing, every run
    o -= o > lineAt && out[o - 1] === 13 ? 1 : 0
    if (blankBytes(out, lineAt, o)) o = lineAt
    else out[o++] = 10
    lineAt = o
  }
  return [lineAt, o]
}

/**
 * keepLines is first called on a whole batch of a note and optimized while that call still runs
 * (OSR), before it has returned or met a blank line or a \r: its code was thrown away and made again
 * 4-5 times a fast export (--trace-deopt, issue 10). A few calls at load on lines of each kind give
 * every path its type feedback first.
 */
{
  const lines = Buffer.from('a\r\n\n \t\nb\n\u00a0\nc')
  const out = Buffer.alloc(2 * lines.length)
  for (let i = 0; i < 12; i++) keepLines(lines, out, 0)
}

/** Whether out[from, to) holds only whitespace as trim() sees it (non-ASCII decided by it). */
function blankBytes(out: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = out[i]!
    if (c === 32 || (c >= 9 && c <= 13)) continue
    return c < 128 ? false : isBlank(out.toString('utf8', from, to))
  }
  return true
}

/** Whether s[from, to) holds only whitespace (as trim() sees it), without slicing it out. */
function blankBetween(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i)
    if (c === 32 || (c >= 9 && c <= 13)) continue
    if (c < 128 || !WHITESPACE.test(s[i]!)) return false
  }
  return true
}

/** \s is exactly the set trim() removes */
const WHITESPACE = /\s/

export function noteHash(text: string): string {
  const h = new NoteHasher()
  h.update(text)
  return h.digest()
}

/** What a user put into a note outside tobs's blocks, to be carried into tobs's next version. */
export interface UserAdditions {
  /** runs of lines by the message id whose block they follow (0: before the first block) */
  after: Map<number, string[]>
  /** lines after everything tobs wrote (notes without message blocks: index notes) */
  tail?: string
}

export interface NoteScan {
  /** noteHash of the whole file */
  hash: string
  /** which known hash tobs's part of the note matched, when the rest is only the user's additions */
  matched?: string
  additions?: UserAdditions
}

const BLOCK_LINE = /^(>|\^[A-Za-z0-9-]+$)/
const ID_LINE = /^\^m(\d+)$/

/**
 * Reads a note line by line and tells whether, once the user's additions are taken out, what is left
 * is exactly a text tobs wrote (one of `known`, noteHash values). Two readings: lines outside message
 * blocks (callout lines and `^m<id>` lines) are the user's, anchored to the block before them; or
 * everything after the longest prefix tobs wrote is. Anything else (a changed message, changed
 * frontmatter) is not merged: the caller keeps the user's version aside.
 */
export async function scanNote(path: string, known: string[]): Promise<NoteScan> {
  const wanted = new Set(known)
  const whole = new NoteHasher()
  const blocks = new NoteHasher()
  const after = new Map<number, string[]>()
  let inBody = false
  let anchor = 0
  let run: string[] = []
  let tailMatch: string | undefined
  let tail: string[] = []
  let tailChars = 0
  const endRun = () => {
    while (run.length && isBlank(run[run.length - 1]!)) run.pop()
    if (run.length) after.set(anchor, [...(after.get(anchor) ?? []), run.join('\n')])
    run = []
  }
  for await (const raw of linesOf(path)) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    whole.line(line)
    if (!isBlank(line) && wanted.size) {
      const h = whole.peek()
      if (wanted.has(h)) {
        tailMatch = h
        tail = []
        tailChars = 0
      } else if (tailChars <= MAX_TAIL) {
        tail.push(line)
        tailChars += line.length
      }
    } else if (tailChars <= MAX_TAIL) tail.push(line)
    const block = BLOCK_LINE.test(line)
    if (!inBody && !block) {
      blocks.line(line)
      continue
    }
    inBody = true
    if (block) {
      endRun()
      blocks.line(line)
      const id = ID_LINE.exec(line)
      if (id) anchor = Number(id[1])
    } else if (run.length || !isBlank(line)) run.push(line)
  }
  endRun()
  const hash = whole.digest()
  if (wanted.has(hash)) return { hash, matched: hash }
  const blocksHash = blocks.digest()
  if (after.size && wanted.has(blocksHash)) return { hash, matched: blocksHash, additions: { after } }
  while (tail.length && isBlank(tail[0]!)) tail.shift()
  if (tailMatch && tailChars <= MAX_TAIL && tail.some((l) => !isBlank(l))) {
    return { hash, matched: tailMatch, additions: { after: new Map(), tail: tail.join('\n').trimEnd() } }
  }
  return { hash }
}

/** tobs's chunks with the user's additions put back where they stood: after the block of the same message id. */
export function* weave(chunks: Iterable<string>, add: UserAdditions): Generator<string> {
  const runs = [...add.after.entries()].sort((a, b) => a[0] - b[0])
  let next = 0
  const upTo = function* (limit: number, inclusive: boolean) {
    while (next < runs.length && (inclusive ? runs[next]![0] <= limit : runs[next]![0] < limit)) {
      for (const text of runs[next++]![1]) yield text + '\n\n'
    }
  }
  for (const c of chunks) {
    const ids = idsIn(c)
    // a message deleted since: what followed it goes where it stood
    if (ids.length) yield* upTo(Math.min(...ids), false)
    yield c
    if (ids.length) yield* upTo(Math.max(...ids), true)
  }
  yield* upTo(Infinity, true)
  if (add.tail) yield '\n' + add.tail + '\n'
}

/** A file's lines split at \n only (as NoteHasher splits what tobs wrote), one chunk in memory. */
async function* linesOf(path: string): AsyncGenerator<string> {
  let carry = ''
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 16 })) {
    const lines = (carry + (chunk as string)).split('\n')
    carry = lines.pop()!
    yield* lines
  }
  yield carry
}

function idsIn(chunk: string): number[] {
  const out: number[] = []
  for (const m of chunk.matchAll(/^\^m(\d+)$/gm)) out.push(Number(m[1]))
  return out
}
