// The messages of this run's periods, kept from the page that brought them until their note is
// written, so a period is rendered without reading it back from the state database (issue 10).
// They are kept as the bytes the database stores (message-codec.ts), appended to one buffer per
// period outside the JS heap: held as objects they lived long enough to be promoted and marked
// (holding 10,000 cost 6-9 µs of GC a message), so only 2,000 fit and most notes were read back,
// because parallel shards complete a period only when their ranges meet (a 50k-message forum holds
// up to 14,000 messages of unfinished periods: 2.6 MB as bytes). Only periods this run saw whole
// qualify: one the database already held messages of (a resumed run, a rerun), or one dropped to
// stay under the limit, is read back.
import type { Message } from '../model/types.ts'
import type { HeldPeriod, HeldPeriods as Held } from './note-writer.ts'

/** Bytes held at most (in chunks); past it the largest period is dropped. */
export const HELD_BYTES = 8 * 2 ** 20

/** Decodes the stored bytes of one message. */
export type Decode = (bytes: Uint8Array, start: number, end: number) => Message

/**
 * Size of the chunks bodies are appended to. Chunks of written periods are used again: buffers
 * allocated per period and dropped after its note took ~10 MB more peak RSS than the 2.6 MB held
 * in the fast bench (freed memory the allocator kept), chunks used again take what is held.
 */
const CHUNK = 8192

/** One period's messages as they came: their bytes end to end in chunks, with each one's id and place. */
class Bodies {
  readonly chunks: Buffer[] = []
  /** bytes used of the last chunk */
  private used = CHUNK
  /**
   * For message i: its id, its chunk and where its bytes end there (they start where the previous
   * one's end, or at 0), at 3i, 3i + 1, 3i + 2. A typed array keeps them outside the JS heap: three
   * arrays of numbers, grown as messages came and alive until the note, were a tenth of what the
   * fast export promoted to the old space.
   */
  private index = new Float64Array(3 * 64)
  /** messages held */
  count = 0
  /** indexes of the messages that carry media */
  readonly media: number[] = []
  /** bytes of its chunks */
  size = 0

  /** Appends a message's bytes; returns how many bytes of chunks it took. */
  add(id: number, body: Uint8Array, media: boolean, chunk: (size: number) => Buffer): number {
    let took = 0
    if (this.used + body.length > CHUNK) {
      const c = chunk(Math.max(CHUNK, body.length))
      this.chunks.push(c)
      this.used = 0
      took = c.length
      this.size += took
    }
    this.chunks[this.chunks.length - 1]!.set(body, this.used)
    this.used += body.length
    if (media) this.media.push(this.count)
    let k = 3 * this.count
    if (k === this.index.length) {
      const bigger = new Float64Array(2 * k)
      bigger.set(this.index)
      this.index = bigger
    }
    const index = this.index
    index[k++] = id
    index[k++] = this.chunks.length - 1
    index[k] = this.used
    this.count++
    return took
  }

  id(i: number): number {
    return this.index[3 * i]!
  }

  /** Whether the ids came ascending without a repeat (a period's pages in order): nothing to sort. */
  ascending(): boolean {
    const index = this.index
    for (let k = 3; k < 3 * this.count; k += 3) if (index[k]! <= index[k - 3]!) return false
    return true
  }

  /** The bytes of message i. */
  at(i: number, decode: Decode): Message {
    const index = this.index
    const k = 3 * i
    const c = index[k + 1]!
    const start = i > 0 && index[k - 2] === c ? index[k - 1]! : 0
    return decode(this.chunks[c]!, start, index[k + 2]!)
  }
}

export class HeldPeriods implements Held {
  /** topic + period -> its messages, or null: memory does not hold it whole */
  private readonly periods = new Map<string, Bodies | null>()
  /** bytes in the chunks of periods held (taken ones count until released) */
  private bytes = 0
  /** chunks of written periods, to be used again */
  private readonly spare: Buffer[] = []

  constructor(
    /** whether the state database holds messages of a period already (asked once per period) */
    private readonly stored: (topicId: number, period: string) => boolean,
    private readonly decode: Decode,
    private readonly limit = HELD_BYTES,
  ) {}

  /**
   * Keeps a message about to be stored, as `body`, the bytes stored for it (a string body, the
   * rare JSON row of message-codec.ts, sends its period back to the database).
   */
  hold(topicId: number, period: string, id: number, body: Uint8Array | string, media: boolean): void {
    const key = topicId + '\u0000' + period
    let bodies = this.periods.get(key)
    if (bodies === undefined) this.periods.set(key, (bodies = this.stored(topicId, period) ? null : new Bodies()))
    if (bodies === null) return
    if (typeof body === 'string') {
      this.drop(key, bodies)
      return
    }
    this.bytes += bodies.add(id, body, media, (size) => (size === CHUNK && this.spare.pop()) || Buffer.allocUnsafeSlow(size))
    if (this.bytes > this.limit) this.dropLargest()
  }

  /**
   * The whole period ascending by id (the last copy of an id wins), if memory holds it; forgotten
   * either way. Its chunks are used again once it is released.
   */
  take(topicId: number, period: string): HeldPeriod | undefined {
    const key = topicId + '\u0000' + period
    const bodies = this.periods.get(key)
    this.periods.delete(key)
    if (!bodies) return undefined
    const ascending = bodies.ascending()
    // parallel shards deliver pages out of order; among copies of an id the later one wins
    let last: number[] | undefined
    if (!ascending) {
      const order = Array.from({ length: bodies.count }, (_, i) => i).sort((a, b) => bodies.id(a) - bodies.id(b) || a - b)
      last = order.filter((i, n) => n + 1 === order.length || bodies.id(order[n + 1]!) !== bodies.id(i))
    }
    const decode = this.decode
    let released = false
    /** the messages at `indexes`, or all of them in the order they came */
    function* each(indexes: number[] | undefined): Generator<Message> {
      const n = indexes ? indexes.length : bodies!.count
      for (let j = 0; j < n; j++) {
        if (released) throw new Error('held period read after its release')
        yield bodies!.at(indexes ? indexes[j]! : j, decode)
      }
    }
    return {
      messages: () => each(last),
      withMedia: () => {
        if (ascending) return each(bodies.media)
        const inOrder = new Set(last)
        return each(bodies.media.filter((i) => inOrder.has(i)).sort((a, b) => bodies.id(a) - bodies.id(b)))
      },
      release: () => {
        if (released) return
        released = true
        this.free(bodies)
      },
    }
  }

  /** Periods changed meaning (a topic laid out anew) or stored messages changed (--refresh): read everything back. */
  clear(): void {
    for (const [key, bodies] of this.periods) if (bodies) this.drop(key, bodies)
  }

  private drop(key: string, bodies: Bodies): void {
    this.periods.set(key, null)
    this.free(bodies)
  }

  private free(bodies: Bodies): void {
    this.bytes -= bodies.size
    for (const c of bodies.chunks) if (c.length === CHUNK && this.spare.length < this.limit / CHUNK) this.spare.push(c)
    bodies.chunks.length = 0
    bodies.size = 0
  }

  private dropLargest(): void {
    let largest: string | undefined
    let found: Bodies | undefined
    let size = 0
    for (const [key, bodies] of this.periods) {
      const n = bodies ? bodies.size : 0
      if (bodies && n > size) {
        largest = key
        found = bodies
        size = n
      }
    }
    if (found) this.drop(largest!, found)
  }
}

