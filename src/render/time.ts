// Fast local date/time strings: one Intl call per 15 minutes of message time, arithmetic otherwise.

const PAD = Array.from({ length: 100 }, (_, i) => (i < 10 ? '0' : '') + i)
/** `HH:MM` of each minute of a day, made once: a message's time is a lookup, not three strings made */
const HH_MM = Array.from({ length: 1440 }, (_, m) => PAD[Math.floor(m / 60)]! + ':' + PAD[m % 60]!)

/** Formats unix seconds as local `YYYY-MM-DD`, `HH:MM` in one time zone. */
export class Clock {
  private fmt: Intl.DateTimeFormat | undefined
  /** offsets by 15-minute bucket: zone transitions happen on quarter hours */
  private offsets = new Map<number, number>()
  private lastBucket = NaN
  private lastOffset = 0
  private lastUtcDay = NaN
  private dayOffset = NaN
  private lastDay = NaN
  private lastDayText = ''
  private readonly days = new Map<number, string>()
  /** `YYYY-MM-DD ` of the day dateTime was last asked about (a note's messages come day by day) */
  private prefixDay = NaN
  private prefix = ''

  constructor(timeZone: string) {
    if (timeZone !== 'UTC' && timeZone !== 'Etc/UTC') {
      // throws RangeError for an unknown zone, once, here
      this.fmt = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      })
    }
  }

  /** Seconds to add to UTC to get local time at `unix`. */
  offset(unix: number): number {
    if (!this.fmt) return 0
    // most UTC days have one offset: two Intl calls per day; a day with a transition goes by quarter hours
    const day = Math.floor(unix / 86400)
    if (day !== this.lastUtcDay) {
      this.lastUtcDay = day
      const a = this.cached(day * 96)
      const b = this.cached(day * 96 + 95)
      this.dayOffset = a === b ? a : NaN
    }
    if (!Number.isNaN(this.dayOffset)) return this.dayOffset
    return this.cached(Math.floor(unix / 900))
  }

  private cached(bucket: number): number {
    if (bucket === this.lastBucket) return this.lastOffset
    let off = this.offsets.get(bucket)
    if (off === undefined) {
      off = this.compute(bucket * 900)
      if (this.offsets.size > 100_000) this.offsets.clear()
      this.offsets.set(bucket, off)
    }
    this.lastBucket = bucket
    this.lastOffset = off
    return off
  }

  private compute(unix: number): number {
    const p: Record<string, number> = {}
    for (const part of this.fmt!.formatToParts(unix * 1000)) {
      if (part.type !== 'literal') p[part.type] = Number(part.value)
    }
    const local = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) / 1000
    return local - unix
  }

  /** `YYYY-MM-DD` */
  date(unix: number): string {
    return this.dayText(Math.floor((unix + this.offset(unix)) / 86400))
  }

  /** `HH:MM` */
  time(unix: number): string {
    const local = unix + this.offset(unix)
    return HH_MM[Math.floor((local - Math.floor(local / 86400) * 86400) / 60)]!
  }

  /** `YYYY-MM-DD HH:MM`: one string made (the day's prefix and the minute's text are kept), where it was four */
  dateTime(unix: number): string {
    const local = unix + this.offset(unix)
    const day = Math.floor(local / 86400)
    if (day !== this.prefixDay) {
      this.prefixDay = day
      this.prefix = this.dayText(day) + ' '
    }
    return this.prefix + HH_MM[Math.floor((local - day * 86400) / 60)]!
  }

  private dayText(day: number): string {
    if (day !== this.lastDay) {
      this.lastDay = day
      // the clock is shared: storing a page and rendering a note ask for different days in turn
      let text = this.days.get(day)
      if (text === undefined) {
        if (this.days.size >= 4096) this.days.clear()
        this.days.set(day, (text = new Date(day * 86_400_000).toISOString().slice(0, 10)))
      }
      this.lastDayText = text
    }
    return this.lastDayText
  }
}

const clocks = new Map<string, Clock>()

/** The shared clock of a zone (kept for the process: a handful of zones at most). */
export function clockFor(timeZone: string): Clock {
  let c = clocks.get(timeZone)
  if (!c) {
    c = new Clock(timeZone)
    clocks.set(timeZone, c)
  }
  return c
}

/** `1:02:03` or `2:03` for a duration in seconds. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  return (h > 0 ? h + ':' + PAD[m] : String(m)) + ':' + PAD[s % 60]
}
