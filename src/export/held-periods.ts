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

/** Bytes held at most (the buffers' sizes); past it the largest period is dropped. */
export const HELD_BYTES = 8 * 2 ** 20

/** Decodes the stored bytes of one message. */
export type Decode = (bytes: Uint8Array, start: number, end: number) => Message

const FIRST_BUFFER = 1024

/** One period's messages as they came: their bytes end to end, with each one's id and end offset. */
class Bodies {
  bytes = Buffer.allocUnsafeSlow(FIRST_BUFFER)
  used = 0
  readonly ids: number[] = []
  readonly ends: number[] = []
  /** indexes of the messages that carry media */
  readonly media: number[] = []

  /** Appends a message's bytes; returns how much the buffer grew. */
  add(id: number, body: Uint8Array, media: boolean): number {
    let grown = 0
    if (this.used + body.length > this.bytes.length) {
      const bigger = Buffer.allocUnsafeSlow(Math.max(2 * this.bytes.length, this.used + body.length))
      this.bytes.copy(bigger, 0, 0, this.used)
      grown = bigger.length - this.bytes.length
      this.bytes = bigger
    }
    this.bytes.set(body, this.used)
    this.used += body.length
    if (media) this.media.push(this.ids.length)
    this.ids.push(id)
    this.ends.push(this.used)
    return grown
  }
}

export class HeldPeriods implements Held {
  /** topic + period -> its messages, or null: memory does not hold it whole */
  private readonly periods = new Map<string, Bodies | null>()
  private bytes = 0

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
    if (bodies === undefined) {
      bodies = this.stored(topicId, period) ? null : new Bodies()
      if (bodies) this.bytes += bodies.bytes.length
      this.periods.set(key, bodies)
    }
    if (bodies === null) return
    if (typeof body === 'string') {
      this.drop(key, bodies)
      return
    }
    this.bytes += bodies.add(id, body, media)
    if (this.bytes > this.limit) this.dropLargest()
  }

  /** The whole period ascending by id (the last copy of an id wins), if memory holds it; forgotten either way. */
  take(topicId: number, period: string): HeldPeriod | undefined {
    const key = topicId + '\u0000' + period
    const bodies = this.periods.get(key)
    this.periods.delete(key)
    if (!bodies) return undefined
    this.bytes -= bodies.bytes.length
    const { ids, ends } = bodies
    // parallel shards deliver pages out of order; among copies of an id the later one wins
    const order = ids.map((_, i) => i).sort((a, b) => ids[a]! - ids[b]! || a - b)
    const last = order.filter((i, n) => n + 1 === order.length || ids[order[n + 1]!] !== ids[i])
    const inOrder = new Set(last)
    const decode = this.decode
    function* each(indexes: Iterable<number>): Generator<Message> {
      for (const i of indexes) yield decode(bodies!.bytes, i === 0 ? 0 : ends[i - 1]!, ends[i]!)
    }
    return {
      messages: () => each(last),
      withMedia: () => each(bodies.media.filter((i) => inOrder.has(i)).sort((a, b) => ids[a]! - ids[b]!)),
    }
  }

  /** Periods changed meaning (a topic laid out anew) or stored messages changed (--refresh): read everything back. */
  clear(): void {
    for (const key of this.periods.keys()) this.periods.set(key, null)
    this.bytes = 0
  }

  private drop(key: string, bodies: Bodies): void {
    this.periods.set(key, null)
    this.bytes -= bodies.bytes.length
  }

  private dropLargest(): void {
    let largest: string | undefined
    let found: Bodies | undefined
    for (const [key, bodies] of this.periods) {
      if (bodies && (!found || bodies.bytes.length > found.bytes.length)) {
        largest = key
        found = bodies
      }
    }
    if (found) this.drop(largest!, found)
  }
}
