// Period keys on local dates (issue 13): a message sent at 00:30 in Berlin on 1 May belongs to the
// May note of a vault written in Europe/Berlin, whatever its UTC date.
import { clockFor } from '../render/time.ts'
import { periodRange, type Split } from '../vault/paths.ts'

/** `all` | `YYYY` | `YYYY-MM` | `YYYY-MM-DD` of a unix time, on the local date of `timeZone`. */
export function localPeriodOf(unix: number, split: Split, timeZone: string): string {
  if (split === 'none') return 'all'
  const day = clockFor(timeZone).date(unix)
  return split === 'year' ? day.slice(0, 4) : split === 'month' ? day.slice(0, 7) : day
}

/** The unix-second interval [from, to) a period key covers in `timeZone`. */
export function localPeriodRange(period: string, split: Split, timeZone: string): [number, number] {
  const [from, to] = periodRange(period, split)
  if (split === 'none') return [from, to]
  return [localMidnight(from, timeZone), localMidnight(to, timeZone)]
}

/** The instant the local day starting at UTC midnight `utc` (read as a local wall time) begins. */
function localMidnight(utc: number, timeZone: string): number {
  const clock = clockFor(timeZone)
  // the offset at the guess, then at the corrected guess: right across a transition too
  const guess = utc - clock.offset(utc)
  return utc - clock.offset(guess)
}
