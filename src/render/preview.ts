// What a reply shows of its parent: the sender and the first words of its text, or its media kind.
import type { Media, Message } from '../model/types.ts'
import type { ReplyPreview } from './context.ts'

const SNIPPET = 60

const FILE_WORD: Record<string, string> = {
  photo: '🖼 Photo', video: '🎬 Video', audio: '🎵 Audio', voice: '🎤 Voice message', video_note: '📹 Video message',
  sticker: 'Sticker', animation: 'GIF', file: '📎 File',
}

/** The preview of a message as a reply to it shows it (plain text, not yet escaped). */
export function previewOf(msg: Message): ReplyPreview {
  return previewFrom(previewSource(msg))
}

/**
 * What a preview is made of, a few fields that can be kept instead of the message: keeping the
 * last messages of a note whole for the replies to them (export/recent-messages.ts) kept most of
 * the messages decoded since V8's last young-generation collection alive, and V8 then allocated
 * every message decoded after in the old space (pretenuring), to be freed only by a full GC.
 */
export interface PreviewSource {
  sender: string
  text: string
  /** what the preview says of its media when its text is blank */
  media: string | undefined
  service: boolean
}

export function previewSource(msg: Message): PreviewSource {
  return { sender: previewSender(msg), text: msg.text, media: previewMedia(msg), service: !!msg.service }
}

/** Who a reply's preview names: the sender, a channel post's signature, a forward's origin. */
export function previewSender(msg: Message): string {
  return msg.sender?.name || msg.signature || msg.forward?.from || ''
}

/** What a reply's preview says of a message's media when its text is blank. */
export function previewMedia(msg: Message): string | undefined {
  return msg.media && msg.text.trim() === '' ? mediaWord(msg.media) : undefined
}

export function previewFrom(s: PreviewSource): ReplyPreview {
  const text = s.text.trim() !== '' ? firstWords(s.text) : s.media !== undefined ? s.media : s.service ? 'service message' : 'message'
  return { sender: s.sender, snippet: text }
}

/** The first words of a text on one line, cut at a word boundary near SNIPPET characters. */
export function firstWords(text: string, max = SNIPPET): string {
  // runs of whitespace (line breaks too) become one space; only the text's start can show
  const flat = startOf(text, max + 2).replace(/\s+/g, ' ').trim()
  if (flat.length <= max) return flat
  let cut = flat.lastIndexOf(' ', max)
  if (cut < max / 2) cut = max
  // never split a surrogate pair
  const c = flat.charCodeAt(cut - 1)
  if (c >= 0xd800 && c <= 0xdbff) cut--
  return flat.slice(0, cut).trimEnd() + '…'
}

/**
 * `text` up to just after its n-th character that is not whitespace (all of it when it has fewer):
 * whitespace collapsed and trimmed, that start holds at least n characters and is exactly the start
 * of the whole text so collapsed, which is all firstWords reads. A reply's preview made from the
 * whole text (up to 4,096 characters) cost a regular expression over all of it.
 */
function startOf(text: string, n: number): string {
  if (text.length <= n) return text
  for (let i = 0; i < text.length; i++) {
    if (!isWhitespace(text.charCodeAt(i)) && --n === 0) return text.slice(0, i + 1)
  }
  return text
}

/** Whether a UTF-16 code unit is whitespace as \s and trim() see it. */
export function isWhitespace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13)
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 ||
    c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
}

function mediaWord(m: Media): string {
  switch (m.type) {
    case 'file':
      return m.file.kind === 'sticker' && m.file.emoji ? `Sticker ${m.file.emoji}` : m.file.kind === 'file' ? `📎 ${m.file.name}` : FILE_WORD[m.file.kind] ?? '📎 File'
    case 'poll':
      return `📊 ${firstWords(m.question.text)}`
    case 'geo':
    case 'geo_live':
      return '📍 Location'
    case 'venue':
      return `📍 ${m.title}`
    case 'contact':
      return `👤 ${[m.firstName, m.lastName].filter(Boolean).join(' ')}`
    case 'dice':
      return m.emoji
    case 'webpage':
      return m.title ?? m.url
    case 'paid':
      return '⭐ Paid media'
    case 'todo':
      return `☑️ ${firstWords(m.title.text)}`
    default:
      return m.type
  }
}
