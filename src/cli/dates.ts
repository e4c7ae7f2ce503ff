// Dates and times typed by a person (--since, --until): checked to exist, then read in a time zone.
// Parsing happens while flags are read; the zone is applied once every flag (and the config) is known.
import { isTimeZone } from '../config/config.ts'
import { UsageError } from './usage.ts'

/** A wall-clock time as typed; `offsetMinutes` set when the text named its own offset (Z, +02:00). */
export interface LocalDateTime {
  text: string
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
  offsetMinutes?: number
}

export const DATE_FORMS = 'YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]'

const FORM = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?(Z|[+-]\d{2}:?\d{2})?$/i

/** The parsed wall time, or a reason it is not one ("no such date", "not a date"). */
export function parseLocalDateTime(text: string): LocalDateTime | string {
  const m = FORM.exec(text.trim())
  if (!m) return `not a date; expected ${DATE_FORMS}`
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as
    [number, number, number, number, number, number]
  // Date.UTC rolls 2024-02-30 over into March: a date exists when it survives the round trip
  const probe = new Date(Date.UTC(year, month - 1, day))
  if (month < 1 || month > 12 || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    return `no such date; expected ${DATE_FORMS}`
  }
  if (hour > 23 || minute > 59 || second > 59) return `no such time of day; expected ${DATE_FORMS}`
  return { text, year, month, day, hour, minute, second, offsetMinutes: m[7] ? offsetOf(m[7]) : undefined }
}

function offsetOf(z: string): number {
  if (z.toUpperCase() === 'Z') return 0
  const sign = z.startsWith('-') ? -1 : 1
  const digits = z.slice(1).replace(':', '')
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)))
}

/** Minutes the zone is ahead of UTC at instant `ms`. */
function zoneOffsetMinutes(zone: string, ms: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(ms))
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value)
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'))
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000)
}

/** Unix seconds of a wall time read in `zone` (an offset typed with the time wins over the zone). */
export function epochSeconds(t: LocalDateTime, zone: string): number {
  const wall = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second)
  if (t.offsetMinutes !== undefined) return (wall - t.offsetMinutes * 60_000) / 1000
  // the zone's offset at the wall time taken as UTC, then corrected once; a time inside a
  // daylight-saving gap (which no clock showed) matches neither and moves forward by the gap
  const first = wall - zoneOffsetMinutes(zone, wall) * 60_000
  const second = wall - zoneOffsetMinutes(zone, first) * 60_000
  const fits = (ms: number) => wall - ms === zoneOffsetMinutes(zone, ms) * 60_000
  const ms = fits(first) ? first : fits(second) ? second : Math.max(first, second)
  return ms / 1000
}

/** The rule, as --help states it, in lines that fit an 80-column terminal. */
export const ZONE_RULE = 'Dates and times (--since, --until) are read in the time zone the notes are\n' +
  'written in (--tz, else TOBS_TZ, else TZ or the system\'s zone), unless they\n' +
  'carry their own offset: 2024-05-01T09:00+02:00, ...Z.'

/** --since/--until as unix seconds read in `zone`; bounds that leave nothing are a mistake. */
export function dateBounds(flags: { since?: LocalDateTime; until?: LocalDateTime }, zone: string): { since?: number; until?: number } {
  if ((flags.since || flags.until) && !isTimeZone(zone)) throw new UsageError(`unknown time zone "${zone}"`)
  const since = flags.since && epochSeconds(flags.since, zone)
  const until = flags.until && epochSeconds(flags.until, zone)
  if (since !== undefined && until !== undefined && since >= until) {
    throw new UsageError(`--since ${flags.since!.text} is not before --until ${flags.until!.text}: no message fits`)
  }
  return { since, until }
}
