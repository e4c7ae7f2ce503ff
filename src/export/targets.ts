// What the user may name as a chat to export: @username, t.me links (public, private /c/ and topic
// links), numeric ids in Telegram's signed forms, or `me` for Saved Messages.

import type { TargetRef } from '../model/target.ts'

export type { TargetRef }

export class TargetError extends Error {}

const USERNAME = /^[a-zA-Z][a-zA-Z0-9_]{2,31}$/

export function parseTarget(raw: string): TargetRef {
  const s = raw.trim()
  if (/^(me|self|saved)$/i.test(s)) return { by: 'self' }
  if (/^-?\d+$/.test(s)) return parseNumeric(s)
  if (s.startsWith('@')) {
    const username = s.slice(1)
    if (!USERNAME.test(username)) throw new TargetError(`"${raw}" is not a valid @username`)
    return { by: 'username', username }
  }
  const link = /^(?:https?:\/\/)?(?:www\.)?(?:t|telegram)\.(?:me|dog)\/(.+)$/i.exec(s)
  if (link) return parseLink(raw, link[1]!)
  if (USERNAME.test(s)) return { by: 'username', username: s }
  throw new TargetError(`"${raw}" is not a chat: use @username, a t.me link, a numeric id or "me"`)
}

function parseNumeric(s: string): TargetRef {
  if (s.startsWith('-100')) return { by: 'id', id: chatId(s, s.slice(4)), peer: 'channel' }
  if (s.startsWith('-')) return { by: 'id', id: chatId(s, s.slice(1)), peer: 'chat' }
  return { by: 'id', id: chatId(s, s) }
}

/** Telegram's ids fit 53 bits (issue 16: 2^63 became 9223372036854776000, another chat's id or none). */
function chatId(raw: string, digits: string): number {
  const id = Number(digits)
  if (!Number.isSafeInteger(id) || id < 1) throw new TargetError(`"${raw}" is not a chat id (Telegram's ids are whole numbers from 1 to 2^53)`)
  return id
}

function parseLink(raw: string, path: string): TargetRef {
  const parts = path.split(/[?#]/)[0]!.split('/').filter(Boolean)
  const nums = (xs: string[]) => xs.map((x) => {
    // message and topic ids are 32-bit in Telegram's API; a chat id fits 53 bits
    if (!/^\d+$/.test(x) || !Number.isSafeInteger(Number(x))) throw new TargetError(`"${raw}" is not a message or topic link`)
    return Number(x)
  })
  if (parts[0] === 'c') {
    const [id, a, b] = nums(parts.slice(1, 4))
    if (!id) throw new TargetError(`"${raw}" names no chat id`)
    return { by: 'id', id, peer: 'channel', ...split(a, b) }
  }
  const username = parts[0] ?? ''
  if (!USERNAME.test(username) || ['joinchat', 's', 'addstickers'].includes(username)) {
    throw new TargetError(`"${raw}" is not a link to a chat`)
  }
  const [a, b] = nums(parts.slice(1, 3))
  return { by: 'username', username, ...split(a, b) }
}

// t.me/<chat>/<msg> names a message; t.me/<chat>/<topic>/<msg> a message inside a topic.
function split(a?: number, b?: number): { topicId?: number; messageId?: number } {
  if (a !== undefined && b !== undefined) return { topicId: a, messageId: b }
  if (a !== undefined) return { messageId: a }
  return {}
}
