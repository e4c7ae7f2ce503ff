// Which note a message goes to, per chat and forum topic: the split (none, year, month, day; chosen
// by size when `auto`) on local dates of the vault's time zone. The layout each chat's notes were
// written in is kept in the state database, so a rerun with another split or zone (or an auto split
// the chat outgrew) rewrites that chat in the new layout and removes the old notes (issues 13, 16).
import type { StateDb } from '../vault/state.ts'
import type { Split } from '../vault/paths.ts'
import { localPeriodOf, localPeriodRange } from './periods.ts'

export type SplitChoice = Split | 'auto'

/** Largest number of messages an auto split lets a note hold, when a coarser split allows it. */
export const AUTO_NOTE_SIZE = 500

export interface TopicLayout {
  split: Split
  timeZone: string
}

export class NoteLayout {
  private readonly known = new Map<string, TopicLayout | null>()
  /** date ranges of periods asked for, per chat and topic: each flush asks for every stale note's (issue 10) */
  private readonly ranges = new Map<number, Map<number, Map<string, [number, number]>>>()
  private rangesHeld = 0

  constructor(private readonly state: StateDb, readonly requested: SplitChoice, readonly timeZone: string) {}

  /** The layout the notes of a chat's topic are (to be) written in. */
  split(chatId: number, topicId: number): Split {
    return this.stored(chatId, topicId)?.split ?? (this.requested === 'auto' ? 'none' : this.requested)
  }

  /** What the state database says the notes of a topic were written in, if anything. */
  stored(chatId: number, topicId: number): TopicLayout | undefined {
    const key = chatId + ':' + topicId
    let l = this.known.get(key)
    if (l === undefined) {
      const raw = this.state.settings.get('layout:' + key)
      l = raw === undefined ? null : (JSON.parse(raw) as TopicLayout)
      this.known.set(key, l)
    }
    return l ?? undefined
  }

  set(chatId: number, topicId: number, split: Split): void {
    const key = chatId + ':' + topicId
    const l = { split, timeZone: this.timeZone }
    this.state.settings.set('layout:' + key, JSON.stringify(l))
    this.known.set(key, l)
    this.forgetRanges()
  }

  /** The zone a topic's notes are written in (the run's, once planned; the recorded one for readers). */
  zone(chatId: number, topicId: number): string {
    return this.stored(chatId, topicId)?.timeZone ?? this.timeZone
  }

  of(chatId: number, topicId: number, unix: number): string {
    return localPeriodOf(unix, this.split(chatId, topicId), this.zone(chatId, topicId))
  }

  range(chatId: number, topicId: number, period: string): [number, number] {
    // per chat and topic, not under a key string built for each call: a flush after every page asks
    // for each stale note's (up to ~180 in a 50k forum export): 165-170 -> 29-31 ns a call
    let ofChat = this.ranges.get(chatId)
    if (!ofChat) this.ranges.set(chatId, (ofChat = new Map()))
    let ofTopic = ofChat.get(topicId)
    if (!ofTopic) ofChat.set(topicId, (ofTopic = new Map()))
    let r = ofTopic.get(period)
    if (!r) {
      // a whole account's periods need not stay: a run keeps asking for the few stale ones
      if (++this.rangesHeld > 10_000) this.forgetRanges()
      ofTopic.set(period, (r = localPeriodRange(period, this.split(chatId, topicId), this.zone(chatId, topicId))))
    }
    return [r[0], r[1]]
  }

  private forgetRanges(): void {
    this.ranges.clear()
    this.rangesHeld = 0
  }

  /**
   * The periods of a topic that hold stored messages, ascending, in its layout or in `split` and
   * `zone`: one index seek per period instead of a read of every message and a date formatted for
   * each (6 % of a 95k-message `tobs render`, done twice).
   */
  *present(chatId: number, topicId: number, split = this.split(chatId, topicId), zone = this.zone(chatId, topicId)): Generator<{ period: string; from: number; to: number }> {
    const messages = this.state.messages
    for (let date = messages.firstDateFrom(chatId, topicId, -Infinity); date !== undefined;) {
      const period = localPeriodOf(date, split, zone)
      const [from, to] = localPeriodRange(period, split, zone)
      yield { period, from, to }
      // a period always covers the date it was found by; the guard only keeps a wrong range from looping
      date = to === Infinity ? undefined : messages.firstDateFrom(chatId, topicId, Math.max(to, date + 1))
    }
  }
}

/**
 * The split a chat or topic of these message dates gets under `auto`: one note while it is small,
 * else the coarsest of year and month whose largest note holds at most AUTO_NOTE_SIZE messages
 * (month when none does: a day per note would scatter a busy chat over thousands of files).
 */
export function autoSplit(dates: Iterable<number>, timeZone: string): Split {
  const years = new Map<string, number>()
  let total = 0
  for (const d of dates) {
    total++
    const y = localPeriodOf(d, 'year', timeZone)
    years.set(y, (years.get(y) ?? 0) + 1)
  }
  return autoSplitOf(total, years.values())
}

/** autoSplit from a topic's message count and its count in each year (the counts the database gives). */
export function autoSplitOf(total: number, perYear: Iterable<number>): Split {
  if (total <= AUTO_NOTE_SIZE) return 'none'
  for (const n of perYear) if (n > AUTO_NOTE_SIZE) return 'month'
  return 'year'
}

/** Unix dates of a chat's oldest and newest message, as the server gave them. */
export interface DateSpan {
  first: number
  last: number
}

/**
 * The split `auto` starts a chat or topic with before its size per year is known: its messages
 * taken as spread evenly over the time from `first` to `last`, at least a year (so two months
 * across a New Year count as one year, not two). size() makes it exact once the chat is read.
 */
export function guessSplit(messages: number, first?: number, last?: number): Split {
  if (messages <= AUTO_NOTE_SIZE) return 'none'
  const years = first === undefined || last === undefined ? 1 : Math.max(1, (last - first) / YEAR_SECONDS)
  return messages / years <= AUTO_NOTE_SIZE ? 'year' : 'month'
}

const YEAR_SECONDS = 365.25 * 86_400

/** The split a period key was made with ('all', 'YYYY', 'YYYY-MM', 'YYYY-MM-DD'). */
export function splitOfPeriod(period: string): Split {
  return period === 'all' ? 'none' : period.length === 4 ? 'year' : period.length === 7 ? 'month' : 'day'
}
