// Where things live in the vault (DESIGN.md section 2). Names from Telegram are untrusted input.
import type { Chat, FileKind, Topic } from '../model/types.ts'

export type Split = 'none' | 'year' | 'month' | 'day'

const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i
// Characters Windows, macOS or Obsidian links cannot carry in a file name: \ / : * ? " < > | # ^ [ ] and controls.
const UNSAFE = /[\\/:*?"<>|#^[\]\u0000-\u001f\u007f]/g
const MAX_NAME = 80
/** bytes a cut name may take: leaves room for " (<id>)", "<message id>-" and an extension within 255 */
const MAX_NAME_BYTES = 200

/** A file or folder name safe on every OS and inside an Obsidian wikilink; never empty, never `.`/`..`. */
export function safeName(raw: string, fallback = 'untitled', max = MAX_NAME): string {
  let s = raw.normalize('NFC').replace(UNSAFE, '_').replace(/\s+/g, ' ').trim()
  s = s.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '')
  if (!s) s = fallback
  if (RESERVED.test(s)) s = `_${s}`
  return truncate(s, max)
}

/**
 * Cuts to `max` UTF-16 units and MAX_NAME_BYTES of UTF-8, at a code point boundary. File systems
 * count bytes (255 per name): 80 CJK characters are 240 bytes, and with the chat id or the message id
 * and extension a name went past 255 (issue 16: ENAMETOOLONG on a 120-character CJK file name).
 */
function truncate(s: string, max: number): string {
  if (s.length <= max && Buffer.byteLength(s) <= MAX_NAME_BYTES) return s
  let out = ''
  let bytes = 0
  for (const ch of s) {
    const size = Buffer.byteLength(ch)
    if (out.length + ch.length > max || bytes + size > MAX_NAME_BYTES) break
    out += ch
    bytes += size
  }
  return out.trimEnd()
}

/** `<safe title> (<chat id>)`: the id makes two chats with one title two folders. */
export function chatFolder(chat: Pick<Chat, 'id' | 'title'>): string {
  return `${safeName(chat.title, 'chat')} (${chat.id})`
}

/**
 * A channel's comments (issue 15): `<chat folder> comments/<post id>`, one note per post, in a folder
 * of their own because the discussion group's ids are not the channel's (DESIGN.md section 2: each
 * id once per chat folder).
 */
export function commentsNotePath(chatFolder: string, postId: number): string {
  return `${chatFolder} comments/${postId}`
}

export function topicFolder(topic: Pick<Topic, 'id' | 'title'>): string {
  return `${safeName(topic.title, 'topic')} (${topic.id})`
}

/** Index note file name (without .md) inside the chat folder. */
export function indexNoteName(chat: Pick<Chat, 'title'>): string {
  return safeName(chat.title, 'chat')
}

/** Period key of a unix time: '' | 'YYYY' | 'YYYY-MM' | 'YYYY-MM-DD' (UTC offset applied by caller). */
export function periodOf(unixSeconds: number, split: Split, offsetMinutes = 0): string {
  if (split === 'none') return 'all'
  const d = new Date((unixSeconds + offsetMinutes * 60) * 1000)
  const y = String(d.getUTCFullYear())
  if (split === 'year') return y
  const m = String(d.getUTCMonth() + 1).padStart(2, '0')
  if (split === 'month') return `${y}-${m}`
  return `${y}-${m}-${String(d.getUTCDate()).padStart(2, '0')}`
}

/** Note path of a period, relative to the chat (or topic) folder, without `.md`. */
export function periodNotePath(period: string, split: Split): string {
  if (split === 'none') return 'messages'
  if (split === 'year') return period
  return `${period.slice(0, 4)}/${period}`
}

/**
 * `_media/<kind>/<message id>-<safe file name>` relative to the chat folder. A name without an
 * extension (or with a note's extension) gets `.bin`: Obsidian reads those as notes.
 */
export function mediaRelPath(kind: FileKind, messageId: number, fileName: string): string {
  let name = safeName(fileName, 'file', 100)
  // a file named like a note would become one (hostile frontmatter, links): it stays an attachment
  if (!/\.[A-Za-z0-9]{1,8}$/.test(name) || /\.(md|canvas|base)$/i.test(name)) name += '.bin'
  return `_media/${kind}/${messageId}-${name}`
}

/** Joins vault-relative segments with forward slashes (links in notes always use `/`). */
export function joinVault(...parts: (string | undefined)[]): string {
  return parts.filter((p): p is string => !!p).join('/')
}

/** The unix-second interval [from, to) a period key covers. */
export function periodRange(period: string, split: Split, offsetMinutes = 0): [number, number] {
  if (split === 'none') return [-(2 ** 42), 2 ** 42]
  const y = Number(period.slice(0, 4))
  const m = split === 'year' ? 0 : Number(period.slice(5, 7)) - 1
  const d = split === 'day' ? Number(period.slice(8, 10)) : 1
  const start = Date.UTC(y, m, d)
  const end = split === 'year' ? Date.UTC(y + 1, 0, 1) : split === 'month' ? Date.UTC(y, m + 1, 1) : Date.UTC(y, m, d + 1)
  return [start / 1000 - offsetMinutes * 60, end / 1000 - offsetMinutes * 60]
}
