// The messages of this run's periods, kept in memory from the page that brought them until their
// note is written: a period is rendered from here instead of being read back and parsed from the
// state database (issue 10). Only periods this run saw whole qualify: one the database already
// held messages of (a resumed run, a rerun), or one dropped to stay under the limit, is read back.
import type { Message } from '../model/types.ts'
import type { HeldPeriods as Held } from './note-writer.ts'

/**
 * Messages held at most; past it the largest period is dropped. Small on purpose: parallel shards
 * complete most periods only when their ranges meet, so in the fast bench (50k messages, 8 shards)
 * holding up to 10,000 served 51 of 169 notes and cost 6-9 µs CPU per message and +12 MB peak RSS
 * in the 128 MB heap (more old-space to mark) against reading them back; 2,000 keeps that cost in
 * the noise and still serves a sequential read (convert, small chats) whose periods are small.
 */
export const HELD_LIMIT = 2_000

export class HeldPeriods implements Held {
  /** topic + period -> its messages as they came, or null: memory does not hold it whole */
  private readonly periods = new Map<string, Message[] | null>()
  private count = 0

  constructor(
    /** whether the state database holds messages of a period already (asked once per period) */
    private readonly stored: (topicId: number, period: string) => boolean,
    private readonly limit = HELD_LIMIT,
  ) {}

  /** Keeps a message about to be stored; call before storing it. */
  hold(topicId: number, period: string, m: Message): void {
    const key = topicId + '\u0000' + period
    let list = this.periods.get(key)
    if (list === undefined) this.periods.set(key, (list = this.stored(topicId, period) ? null : []))
    if (list === null) return
    list.push(m)
    if (++this.count > this.limit) this.dropLargest()
  }

  /** The whole period ascending by id (the last copy of an id wins), if memory holds it; forgotten either way. */
  take(topicId: number, period: string): Message[] | undefined {
    const key = topicId + '\u0000' + period
    const list = this.periods.get(key)
    this.periods.delete(key)
    if (!list) return undefined
    this.count -= list.length
    // parallel shards deliver pages out of order
    list.sort((a, b) => a.id - b.id)
    return list.filter((m, i) => i + 1 === list.length || list[i + 1]!.id !== m.id)
  }

  /** Periods changed meaning (a topic laid out anew) or stored messages changed (--refresh): read everything back. */
  clear(): void {
    for (const key of this.periods.keys()) this.periods.set(key, null)
    this.count = 0
  }

  private dropLargest(): void {
    let largest: string | undefined
    let size = 0
    for (const [key, list] of this.periods) {
      if (list && list.length > size) {
        largest = key
        size = list.length
      }
    }
    if (largest === undefined) return
    this.periods.set(largest, null)
    this.count -= size
  }
}
