// Model -> Desktop JSON fields: text parts, media and service actions (the inverse of text/media/service.ts).
import type { Entity, EntityType, FileRef, FormattedText, Media, Message, ServiceAction } from '../model/types.ts'
import { ACTION_SPECS, CUSTOM_ACTION, UNKNOWN_PREFIX, type ActionSpec } from './actions.ts'
import { isDesktopSkip } from './media.ts'
import { DELETED_ACCOUNT } from './peer.ts'

type Obj = Record<string, unknown>

const PART_TYPES: Record<EntityType, string> = {
  bold: 'bold', italic: 'italic', underline: 'underline', strike: 'strikethrough', spoiler: 'spoiler',
  code: 'code', pre: 'pre', text_link: 'text_link', url: 'link', email: 'email', phone: 'phone',
  mention: 'mention', mention_name: 'mention_name', hashtag: 'hashtag', cashtag: 'cashtag',
  bot_command: 'bot_command', bank_card: 'bank_card', custom_emoji: 'custom_emoji',
  blockquote: 'blockquote', unknown: 'unknown',
}

export const NOT_INCLUDED = '(File not included. Change data exporting settings to download.)'

/**
 * Text as Desktop's parts. Desktop parts cannot nest or overlap, so an entity that starts
 * inside the previous one is dropped (the outer one wins).
 */
export function textParts(t: FormattedText): Obj[] {
  const parts: Obj[] = []
  let cursor = 0
  const sorted = [...t.entities].sort((a, b) => a.offset - b.offset || b.length - a.length)
  for (const e of sorted) {
    if (e.offset < cursor || e.length <= 0) continue
    if (e.offset > cursor) parts.push({ type: 'plain', text: t.text.slice(cursor, e.offset) })
    parts.push(entityPart(e, t.text.slice(e.offset, e.offset + e.length)))
    cursor = e.offset + e.length
  }
  if (cursor < t.text.length) parts.push({ type: 'plain', text: t.text.slice(cursor) })
  return parts
}

function entityPart(e: Entity, text: string): Obj {
  const part: Obj = { type: PART_TYPES[e.type], text }
  if (e.type === 'pre') part.language = e.language ?? ''
  if (e.type === 'text_link') part.href = e.url ?? ''
  if (e.type === 'mention_name' && e.userId !== undefined) part.user_id = e.userId
  if (e.type === 'custom_emoji' && e.documentId !== undefined) part.document_id = e.documentId
  if (e.type === 'blockquote' && e.collapsed) part.collapsed = true
  return part
}

/** `text` as Desktop writes it: a bare string when there is no formatting, else a mixed array. */
export function textField(parts: Obj[]): string | unknown[] {
  if (parts.length === 0) return ''
  if (parts.length === 1 && parts[0]!.type === 'plain') return parts[0]!.text as string
  return parts.map((p) => (p.type === 'plain' ? p.text : p))
}

function formatted(t: FormattedText): string | unknown[] {
  return textField(textParts(t))
}

export function desktopDate(unix: number): string {
  return new Date(unix * 1000).toISOString().slice(0, 19)
}

/** Media fields of a message; `path` is where its file lives relative to the export folder. */
export function mediaFields(m: Message, media: Media, path: string | undefined): Obj {
  switch (media.type) {
    case 'file': {
      const out = fileFields(media.file, path)
      if (media.spoiler) out.media_spoiler = true
      if (media.ttlSeconds !== undefined) out.self_destruct_period_seconds = media.ttlSeconds
      return out
    }
    case 'poll': {
      const poll: Obj = { question: formatted(media.question) }
      if (media.closed !== undefined) poll.closed = media.closed
      if (media.totalVoters !== undefined) poll.total_voters = media.totalVoters
      // Not in tdesktop's format; written so that a round trip keeps them (the reader knows them).
      if (media.quiz !== undefined) poll.quiz = media.quiz
      if (media.multiple !== undefined) poll.multiple_choice = media.multiple
      if (media.solution !== undefined) poll.solution = formatted(media.solution)
      poll.answers = media.answers.map((a) => {
        const answer: Obj = { text: formatted(a.text) }
        if (a.voters !== undefined) answer.voters = a.voters
        answer.chosen = a.chosen === true
        if (a.correct) answer.correct = true
        return answer
      })
      return { poll }
    }
    case 'contact':
      return { contact_information: { first_name: media.firstName, last_name: media.lastName ?? '', phone_number: media.phone } }
    case 'geo':
      return { location_information: { latitude: media.lat, longitude: media.long } }
    case 'geo_live':
      return { location_information: { latitude: media.lat, longitude: media.long }, live_location_period_seconds: media.period }
    case 'venue':
      return { place_name: media.title, address: media.address, location_information: { latitude: media.lat, longitude: media.long } }
    case 'game': {
      const out: Obj = { game_title: media.title }
      if (media.description !== undefined) out.game_description = media.description
      if (media.shortName !== undefined) out.game_link = `https://t.me/game?game=${media.shortName}`
      return out
    }
    case 'invoice': {
      const info: Obj = { title: media.title }
      if (media.description !== undefined) info.description = media.description
      info.amount = media.totalAmount
      info.currency = media.currency
      return { invoice_information: info }
    }
    case 'giveaway': {
      const info: Obj = { quantity: media.quantity }
      if (media.months !== undefined) info.months = media.months
      info.until_date = desktopDate(media.untilDate)
      if (media.channels) info.channels = media.channels
      if (media.countries) info.countries = media.countries
      if (media.prize !== undefined) info.additional_prize = media.prize
      if (media.stars !== undefined) info.stars = media.stars
      if (media.winners !== undefined) info.winners_count = media.winners
      return { [media.results ? 'giveaway_results' : 'giveaway_information']: info }
    }
    case 'paid':
      return { paid_stars_amount: media.starsAmount }
    default:
      // webpage previews, dice, stories, to-do lists: Desktop's format has no fields for them.
      void m
      return {}
  }
}

const MEDIA_TYPES: Partial<Record<FileRef['kind'], string>> = {
  sticker: 'sticker', voice: 'voice_message', video_note: 'video_message', video: 'video_file', animation: 'animation', audio: 'audio_file',
}

function fileFields(f: FileRef, path: string | undefined): Obj {
  // Desktop readers take anything else than Desktop's own reasons for a path: other reasons
  // (a skipped kind, a failed download) are said as Desktop says them, "not included".
  const where = path ?? f.ref ?? (f.unavailable !== undefined && isDesktopSkip(f.unavailable) ? f.unavailable : NOT_INCLUDED)
  if (f.kind === 'photo') {
    const out: Obj = { photo: where }
    if (f.size !== undefined) out.photo_file_size = f.size
    if (f.width !== undefined && f.height !== undefined) Object.assign(out, { width: f.width, height: f.height })
    return out
  }
  const out: Obj = { file: where, file_name: f.name }
  if (f.size !== undefined) out.file_size = f.size
  const mediaType = MEDIA_TYPES[f.kind]
  if (mediaType !== undefined) out.media_type = mediaType
  if (f.kind === 'sticker' && f.emoji !== undefined) out.sticker_emoji = f.emoji
  if (f.kind === 'audio') {
    if (f.performer !== undefined) out.performer = f.performer
    if (f.title !== undefined) out.title = f.title
  }
  if (f.mime !== undefined) out.mime_type = f.mime
  if (f.duration !== undefined) out.duration_seconds = f.duration
  if (f.width !== undefined && f.height !== undefined) Object.assign(out, { width: f.width, height: f.height })
  return out
}

/** Service action fields (`action` and its arguments) for a ServiceAction. */
export function actionFields(s: ServiceAction): Obj {
  if (s.type === CUSTOM_ACTION) {
    const message = String(s.values?.message ?? '')
    // A placeholder for an action this reader did not know goes back under its own name.
    if (message.startsWith(UNKNOWN_PREFIX)) return { action: message.slice(UNKNOWN_PREFIX.length) }
    return { information_text: message }
  }
  const spec = pickSpec(s)
  // An action Desktop's format has no name for keeps its model name; the reader shows a placeholder.
  if (spec === undefined) return { action: s.type }
  const out: Obj = { action: spec.action }
  if (spec.title !== undefined && s.title !== undefined) out[spec.title] = s.title
  if (spec.users !== undefined && s.users !== undefined) out[spec.users] = s.users.map((u) => (u === DELETED_ACCOUNT ? null : u))
  if (spec.messageId !== undefined && s.messageId !== undefined) out[spec.messageId] = s.messageId
  for (const [from, to] of Object.entries(spec.values ?? {})) {
    const v = s.values?.[to]
    if (v !== undefined) out[from] = v
  }
  return out
}

function pickSpec(s: ServiceAction): ActionSpec | undefined {
  const candidates = ACTION_SPECS.filter((spec) => spec.type === s.type)
  return candidates.find((spec) => spec.fixed !== undefined && Object.entries(spec.fixed).every(([k, v]) => s.values?.[k] === v))
    ?? candidates.find((spec) => spec.fixed === undefined)
}
