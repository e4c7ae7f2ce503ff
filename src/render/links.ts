// Links to Telegram (t.me) that point into the vault become wikilinks to the message's block id.
import type { RenderContext } from './context.ts'
import { wellFormed } from './escape.ts'

// t.me/<username>/<id>, t.me/s/<username>/<id>, t.me/c/<chat id>/<id>, each optionally with a
// forum topic segment before the message id (t.me/<username>/<topic>/<id>) and a query.
const TME =
  /^(?:https?:\/\/)?(?:www\.)?(?:t\.me|telegram\.me|telegram\.dog)\/(?:c\/(\d{1,16})|(?:s\/)?([A-Za-z][A-Za-z0-9_]{2,31}))\/(?:\d{1,10}\/)?(\d{1,10})\/?(?:[?#][^\s]*)?$/i

/** A t.me message link as vault target `note#^m<id>`, or undefined when that message is not exported. */
export function vaultTargetOfUrl(url: string, ctx: RenderContext): string | undefined {
  if (url.length > 200 || url.indexOf('me/') < 0) return undefined
  const m = TME.exec(url.trim())
  if (!m) return undefined
  const chatId = m[1] !== undefined ? Number(m[1]) : ctx.chatByUsername(m[2]!)
  if (chatId === undefined) return undefined
  const id = Number(m[3])
  const note = ctx.noteFor(chatId, id)
  return note === undefined ? undefined : `${note}#^m${id}`
}

/** Where an @mention of a public username points: the chat's index note when exported, else t.me. */
export function mentionTarget(username: string, ctx: RenderContext): { note: string } | { url: string } {
  const chatId = ctx.chatByUsername(username)
  if (chatId !== undefined && ctx.chatNote) {
    const note = ctx.chatNote(chatId)
    if (note !== undefined) return { note }
  }
  return { url: `https://t.me/${encodeURIComponent(wellFormed(username))}` }
}
