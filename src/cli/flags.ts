// Flags several commands share, and the parsers that turn flag values into typed options.
import { type Command, CommanderError, Option } from 'commander'
import type { FileKind } from '../model/types.ts'
import { ALL_FILE_KINDS, type MediaOptions } from '../media/queue.ts'
import { SPLITS } from '../config/config.ts'
import { UsageError } from './usage.ts'

/** Flags every writing command shares: how it reports. */
export interface OutputFlags {
  json?: boolean
  quiet?: boolean
}

export interface MediaFlags {
  media: boolean
  maxFileSize: number
  mediaKinds?: string
  mediaConcurrency: number
}

export const int = (v: string): number => {
  const n = Number(v)
  if (!Number.isInteger(n) || n < 0) throw new CommanderError(2, 'tobs.badint', `"${v}" is not a whole number`)
  return n
}

export const date = (v: string): number => {
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v)
  if (Number.isNaN(t)) throw new CommanderError(2, 'tobs.baddate', `"${v}" is not a date (YYYY-MM-DD)`)
  return Math.floor(t / 1000)
}

export const splitOption = (): Option => new Option('--split <period>', 'one note per period').choices(SPLITS)

export const outputFlags = (cmd: Command, json = 'JSON lines instead of a terminal display'): Command => cmd
  .option('--json', json)
  .option('--quiet', 'no progress output')

export const mediaFlags = (cmd: Command): Command => cmd
  .option('--no-media', 'do not download files (placeholders only)')
  .option('--max-file-size <MB>', 'skip larger files', int, 50)
  .option('--media-kinds <list>', 'file kinds to download (photo,video,audio,voice,video_note,sticker,animation,file)')
  .option('--media-concurrency <n>', 'files downloaded at once', int, 4)

export function mediaOptions(flags: MediaFlags): MediaOptions | false {
  if (!flags.media) return false
  const kinds = flags.mediaKinds ? flags.mediaKinds.split(',').map((k) => k.trim()) : ALL_FILE_KINDS
  for (const k of kinds) {
    if (!ALL_FILE_KINDS.includes(k as FileKind)) throw new UsageError(`unknown media kind "${k}"; kinds: ${ALL_FILE_KINDS.join(', ')}`)
  }
  return {
    concurrency: Math.max(1, flags.mediaConcurrency), maxSize: flags.maxFileSize * 2 ** 20,
    kinds: new Set(kinds as FileKind[]),
  }
}
