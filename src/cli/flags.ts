// Flags several commands share, and the parsers that check every flag value as it is read: a bad
// value is one line naming the flag, the value and what was expected (exit code 2, nothing written).
import { type Command, Option } from 'commander'
import type { Chat, FileKind } from '../model/types.ts'
import { ALL_FILE_KINDS, type MediaOptions } from '../media/queue.ts'
import { defaultMediaWorkers } from '../media/workers.ts'
import { isTimeZone, SPLITS, type Config } from '../config/config.ts'
import { dateBounds, DATE_FORMS, parseLocalDateTime, ZONE_RULE, type LocalDateTime } from './dates.ts'
import { UsageError } from './usage.ts'

/** Thrown by a value parser: what the value should have been. */
export class Expected extends Error {}

type Parse<T> = (value: string) => T

/** An option whose value goes through `parse`; a rejected value names the flag and the value. */
export function flag<T>(spec: string, description: string, parse: Parse<T>, fallback?: T, shown?: string): Option {
  const option = new Option(spec, description)
  option.argParser((value: string) => {
    try {
      return parse(value)
    } catch (e) {
      if (!(e instanceof Expected)) throw e
      throw new UsageError(`${option.long} ${JSON.stringify(value)}: ${e.message}`)
    }
  })
  if (fallback !== undefined) option.default(fallback, shown)
  return option
}

/** A whole number in [min, max], written as plain digits. */
export const count = (min: number, max = Number.MAX_SAFE_INTEGER): Parse<number> => (v) => {
  const n = /^\d+$/.test(v.trim()) ? Number(v) : NaN
  const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new Expected(`expected a whole number ${range}`)
  return n
}

export const oneOf = <T extends string>(choices: readonly T[]): Parse<T> => (v) => {
  if (!choices.includes(v as T)) throw new Expected(`expected one of ${choices.join(', ')}`)
  return v as T
}

/** A comma list, each item one of `choices`. */
export const listOf = <T extends string>(choices: readonly T[]): Parse<T[]> => (v) => {
  const items = v.split(',').map((k) => k.trim()).filter(Boolean)
  const bad = items.find((k) => !choices.includes(k as T))
  if (bad !== undefined || !items.length) {
    throw new Expected(`${bad === undefined ? 'empty list' : `unknown "${bad}"`}; expected a comma list of ${choices.join(', ')}`)
  }
  return items as T[]
}

const UNITS: Record<string, number> = { '': 2 ** 20, b: 1, k: 2 ** 10, kb: 2 ** 10, kib: 2 ** 10, m: 2 ** 20, mb: 2 ** 20, mib: 2 ** 20, g: 2 ** 30, gb: 2 ** 30, gib: 2 ** 30 }

/** A size in bytes: 50MB, 1.5GB, 300KB (binary units); a bare number is megabytes. */
export const size: Parse<number> = (v) => {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(v.trim())
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined
  if (!m || unit === undefined) throw new Expected('expected a size such as 50MB, 1.5GB or 300KB (a bare number is MB)')
  return Math.round(Number(m[1]) * unit)
}

/** A date or date-time that exists; read in the notes' time zone later (see dates.ts). */
export const dateTime: Parse<LocalDateTime> = (v) => {
  const parsed = parseLocalDateTime(v)
  if (typeof parsed === 'string') throw new Expected(parsed)
  return parsed
}

/** A forum topic: its id, or a link into it (t.me/<chat>/<topic> or t.me/c/<id>/<topic>[/<message>]). */
export const topic: Parse<number> = (v) => {
  const link = /^(?:https?:\/\/)?t(?:elegram)?\.me\/(?:c\/\d+|[A-Za-z]\w+)\/(\d+)(?:\/\d+)?\/?$/.exec(v.trim())
  const id = link ? link[1]! : v.trim()
  // topic ids are 32-bit in Telegram's API (issue 16: 2^63 became 9223372036854776000)
  if (!/^\d+$/.test(id) || Number(id) < 1 || Number(id) > 2 ** 31 - 1) throw new Expected('expected a topic id (a whole number from 1 to 2147483647) or a topic link')
  return Number(id)
}

export const CHAT_KINDS: readonly Chat['kind'][] = ['channel', 'group', 'supergroup', 'forum', 'private', 'saved', 'bot']

/** Flags every writing command shares: how it reports. */
export interface OutputFlags {
  json?: boolean
  quiet?: boolean
}

export interface MediaFlags {
  media: boolean
  /** bytes */
  maxFileSize: number
  mediaKinds?: FileKind[]
  /** files at once: --media-workers or MEDIA_WORKERS; unset = from the disk kind */
  mediaWorkers?: number
  /** the old name of --media-workers */
  mediaConcurrency?: number
}

export const splitOption = (): Option => flag('--split <period>', `one note per period: ${SPLITS.join(', ')} (auto: one note while small, by year or month as it grows)`, oneOf<Config['split']>(SPLITS))

/** A time zone Intl knows (checked again, with the config file's and TZ's, by loadConfig). */
export const tzOption = (): Option => flag('--tz <zone>', 'time zone of times and dates in notes (default: TZ or the system zone)', (v: string) => {
  if (!isTimeZone(v)) throw new Expected('expected a time zone such as Europe/Berlin or UTC')
  return v
})

/** Which messages of a chat export and plan take: ids, dates, the newest n, one forum topic. */
export interface RangeFlags {
  fromId?: number
  toId?: number
  since?: LocalDateTime
  until?: LocalDateTime
  last?: number
  topic?: number
}

export const rangeFlags = (cmd: Command): Command => cmd
  .addOption(flag('--from-id <id>', 'first message id', count(1)))
  .addOption(flag('--to-id <id>', 'last message id', count(1)))
  .addOption(flag('--since <date>', `only messages on or after this date or time (${DATE_FORMS})`, dateTime))
  .addOption(flag('--until <date>', 'only messages before this date or time', dateTime))
  .addOption(flag('--last <n>', 'only the newest n messages', count(1)))
  .addOption(flag('--topic <id|link>', 'forum: only this topic (its id or a link into it)', topic))
  .addHelpText('after', `\n${ZONE_RULE}`)

/** The range as export/ takes it, dates read in `zone`; bounds that leave no message are a mistake. */
export function rangeOf(flags: RangeFlags, zone: string) {
  const { since, until } = dateBounds(flags, zone)
  if (flags.fromId !== undefined && flags.toId !== undefined && flags.fromId > flags.toId) {
    throw new UsageError(`--from-id ${flags.fromId} is after --to-id ${flags.toId}: no message fits`)
  }
  return { fromId: flags.fromId, toId: flags.toId, since, until, last: flags.last, topicId: flags.topic }
}

export const outputFlags = (cmd: Command, json = 'JSON lines instead of a terminal display'): Command => cmd
  .option('--json', json)
  .option('--quiet', 'no progress output')

export const mediaFlags = (cmd: Command): Command => cmd
  .option('--no-media', 'do not download files (placeholders only)')
  .addOption(flag('--max-file-size <size>', 'skip larger files, e.g. 50MB, 1.5GB (a bare number is MB)', size, 50 * 2 ** 20, '50MB'))
  .addOption(flag('--media-kinds <list>', `file kinds to download (${ALL_FILE_KINDS.join(', ')})`, listOf(ALL_FILE_KINDS)))
  .addOption(flag('--media-workers <n>', 'files downloaded at once (1-64; default from the disk: 12 SSD, 6 HDD)', count(1, 64)).env('MEDIA_WORKERS'))
  .addOption(flag('--media-concurrency <n>', 'old name of --media-workers', count(1, 64)).hideHelp())

/** Media options from the flags; `dir` is the vault, whose disk sets the default number of workers. */
export function mediaOptions(flags: MediaFlags, dir = '.'): MediaOptions | false {
  if (!flags.media) return false
  return {
    concurrency: flags.mediaWorkers ?? flags.mediaConcurrency ?? defaultMediaWorkers(dir), maxSize: flags.maxFileSize, kinds: new Set(flags.mediaKinds ?? ALL_FILE_KINDS),
  }
}
