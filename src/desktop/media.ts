// The media fields of a Desktop message (photo, file + media_type, poll, contact, location...) -> Media.
import { posix } from 'node:path'
import type { FileKind, FileRef, Media, PollAnswer } from '../model/types.ts'
import type { Fields } from './fields.ts'
import { parseText } from './text.ts'

/** Desktop `media_type` -> model FileKind; a `file` without media_type is a plain 'file'. */
const FILE_KINDS: Record<string, FileKind> = {
  sticker: 'sticker',
  voice_message: 'voice',
  video_message: 'video_note',
  video_file: 'video',
  animation: 'animation',
  audio_file: 'audio',
}

/**
 * Desktop writes a reason in parentheses instead of a path when it skipped a file, e.g.
 * "(File not included. Change data exporting settings to download.)" or
 * "(File exceeds maximum size. ...)" or "(File unavailable, please try again later)".
 */
const SKIPPED = /\((File|Photo) (not included|exceeds maximum size|unavailable)[^)]*\)\s*$/

/** True for a reason Desktop itself writes in place of a path (the writer keeps only those). */
export function isDesktopSkip(text: string): boolean {
  return SKIPPED.test(text)
}

export function mapMedia(f: Fields, chatId: number, messageId: number): Media | undefined {
  const spoiler = f.bool('media_spoiler') === true ? { spoiler: true } : {}
  const ttl = f.num('self_destruct_period_seconds')
  const ttlPart = ttl !== undefined ? { ttlSeconds: ttl } : {}
  if (f.has('photo')) {
    const file = fileRef(f, 'photo', f.str('photo'), chatId, messageId)
    const size = f.num('photo_file_size')
    if (size !== undefined) file.size = size
    return { type: 'file', file, ...spoiler, ...ttlPart }
  }
  if (f.has('file') || f.has('media_type')) {
    const mediaType = f.str('media_type')
    // own keys only: media_type "constructor" found Object itself, and the file was "not selected"
    const kind: FileKind = mediaType !== undefined && Object.hasOwn(FILE_KINDS, mediaType) ? FILE_KINDS[mediaType]! : 'file'
    const file = fileRef(f, kind, f.str('file'), chatId, messageId)
    const size = f.num('file_size')
    if (size !== undefined) file.size = size
    const mime = f.str('mime_type')
    if (mime !== undefined) file.mime = mime
    const duration = f.num('duration_seconds')
    if (duration !== undefined) file.duration = duration
    if (kind === 'audio') {
      const performer = f.str('performer')
      const title = f.str('title')
      if (performer !== undefined) file.performer = performer
      if (title !== undefined) file.title = title
    }
    const emoji = f.str('sticker_emoji')
    if (emoji !== undefined) file.emoji = emoji
    return { type: 'file', file, ...spoiler, ...ttlPart }
  }
  const contact = f.object('contact_information')
  if (contact) {
    const lastName = contact.str('last_name')
    return {
      type: 'contact',
      firstName: contact.str('first_name') ?? '',
      ...(lastName ? { lastName } : {}),
      phone: contact.str('phone_number') ?? '',
    }
  }
  if (f.has('location_information') || f.has('place_name')) return mapLocation(f)
  const poll = f.object('poll')
  if (poll) return mapPoll(poll)
  const gameTitle = f.str('game_title')
  if (gameTitle !== undefined) {
    const description = f.str('game_description')
    const shortName = /[?&]game=([^&]+)/.exec(f.str('game_link') ?? '')?.[1]
    return { type: 'game', title: gameTitle, ...(description ? { description } : {}), ...(shortName ? { shortName } : {}) }
  }
  const invoice = f.object('invoice_information')
  if (invoice) {
    const description = invoice.str('description')
    return {
      type: 'invoice',
      title: invoice.str('title') ?? '',
      ...(description ? { description } : {}),
      currency: invoice.str('currency') ?? '',
      totalAmount: invoice.num('amount') ?? 0,
    }
  }
  const giveaway = f.object('giveaway_information') ?? f.object('giveaway_results')
  if (giveaway) return mapGiveaway(giveaway, f.has('giveaway_results'))
  const stars = f.num('paid_stars_amount')
  if (stars !== undefined) return { type: 'paid', starsAmount: stars, files: [] }
  return undefined
}

function fileRef(f: Fields, kind: FileKind, path: string | undefined, chatId: number, messageId: number): FileRef {
  const fileName = f.str('file_name')
  const skipped = path === undefined || path === '' ? '(File not in the export)' : SKIPPED.exec(path)?.[0]
  const unsafe = skipped === undefined && path !== undefined && !isSafeRelative(path)
  if (skipped !== undefined || unsafe || path === undefined) {
    return {
      kind,
      // No path to key on: the message is the only stable identity of a skipped file.
      uniqueId: `desktop:unavailable:${chatId}/${messageId}`,
      name: fileName ?? `${kind}-${messageId}`,
      unavailable: unsafe ? `(Unsafe file path in the export: ${path})` : (skipped ?? '(File not in the export)'),
      ...dims(f),
    }
  }
  return { kind, uniqueId: `desktop:${path}`, name: fileName ?? posix.basename(path), ref: path, ...dims(f) }
}

function dims(f: Fields): { width?: number; height?: number } {
  const width = f.num('width')
  const height = f.num('height')
  return width !== undefined && height !== undefined ? { width, height } : {}
}

/** A relative path that stays inside the export folder (the export is untrusted input). */
function isSafeRelative(path: string): boolean {
  if (path.startsWith('/') || path.startsWith('\\') || /^[a-zA-Z]:/.test(path)) return false
  return !path.split(/[\\/]/).some((seg) => seg === '..')
}

function mapLocation(f: Fields): Media | undefined {
  const loc = f.object('location_information')
  const lat = loc?.num('latitude') ?? 0
  const long = loc?.num('longitude') ?? 0
  const placeName = f.str('place_name')
  if (placeName !== undefined || f.has('address')) {
    return { type: 'venue', lat, long, title: placeName ?? '', address: f.str('address') ?? '' }
  }
  // Desktop writes `"location_information": null` for an invalid point: nothing to show.
  if (!loc) return { type: 'unsupported', what: 'location without coordinates' }
  const period = f.num('live_location_period_seconds')
  if (period !== undefined) return { type: 'geo_live', lat, long, period }
  return { type: 'geo', lat, long }
}

function mapPoll(poll: Fields): Media {
  const answers: PollAnswer[] = poll.objects('answers').map((a) => {
    const answer: PollAnswer = { text: parseText(a.raw('text'), a.raw('text_entities'), a.where) }
    const voters = a.num('voters')
    if (voters !== undefined) answer.voters = voters
    if (a.bool('chosen') === true) answer.chosen = true
    if (a.bool('correct') === true) answer.correct = true
    return answer
  })
  const totalVoters = poll.num('total_voters')
  const closed = poll.bool('closed')
  // Desktop's exporter writes neither quiz nor multiple-choice flags; newer or patched builds may.
  const quiz = poll.bool('quiz')
  const multiple = poll.bool('multiple_choice') ?? poll.bool('multiple')
  const solution = poll.has('solution') ? parseText(poll.raw('solution'), poll.raw('solution_entities'), poll.where) : undefined
  return {
    type: 'poll',
    question: parseText(poll.raw('question'), poll.raw('question_entities'), poll.where),
    answers,
    ...(totalVoters !== undefined ? { totalVoters } : {}),
    ...(closed !== undefined ? { closed } : {}),
    ...(quiz !== undefined ? { quiz } : {}),
    ...(multiple !== undefined ? { multiple } : {}),
    ...(solution !== undefined ? { solution } : {}),
  }
}

function mapGiveaway(g: Fields, results: boolean): Media {
  const months = g.num('months')
  const stars = g.num('stars')
  const prize = g.str('additional_prize')
  const winners = g.num('winners_count')
  const until = g.str('until_date')
  const channels = (g.arr('channels') ?? []).map(Number).filter(Number.isFinite)
  const countries = g.strings('countries', '')
  return {
    type: 'giveaway',
    quantity: g.num('quantity') ?? winners ?? 0,
    ...(months ? { months } : {}),
    ...(stars ? { stars } : {}),
    // until_date is a zone-less local date string; read as UTC like message dates.
    untilDate: until !== undefined ? Math.floor(Date.parse(`${until}Z`) / 1000) || 0 : 0,
    ...(channels.length > 0 ? { channels } : {}),
    ...(countries.length > 0 ? { countries } : {}),
    ...(prize ? { prize } : {}),
    ...(winners !== undefined ? { winners } : {}),
    ...(results ? { results: true } : {}),
  }
}
