// One message -> one callout followed by its block id line, so `[[note#^m<id>]]` covers the whole message.
import type { Message, Reaction } from '../model/types.ts'
import type { RenderContext } from './context.ts'
import { escapeInline, wikiLink } from './escape.ts'
import { renderMedia } from './media.ts'
import { renderService } from './service.ts'
import { quoteLines, renderQuoted } from './text.ts'
import { clockFor } from './time.ts'

/** Position of a message inside an album: the first item carries the full header. */
export interface AlbumSlot {
  index: number
  size: number
}

/**
 * The block of one message: a callout, a blank line, `^m<id>` alone on its line, a blank line.
 * Obsidian gives a callout (a quote) a block id only when the id stands on its own line right
 * after it; an id at the end of the last callout line would cover that line only.
 */
export function renderMessage(msg: Message, ctx: RenderContext, album?: AlbumSlot): string {
  const head = msg.service ? serviceHead(msg, ctx) : album && album.index > 0 ? `> [!tg-album] album ${album.index + 1}/${album.size}` : header(msg, ctx, album)
  let body = ''
  if (!msg.service) {
    body = quoted(meta(msg, ctx))
    body = section(body, msg.text !== '' ? renderQuoted(msg, ctx) : '')
    body = section(body, msg.media ? quoted(renderMedia(msg, msg.media, ctx)) : '')
    body = section(body, quoted(footer(msg)))
  } else if (msg.text !== '') {
    body = renderQuoted(msg, ctx)
  }
  return (body === '' ? head : head + '\n' + body) + '\n\n^m' + msg.id + '\n\n'
}

/** The lines of a non-empty section as quote lines; nothing for an empty one. */
function quoted(s: string): string {
  return s === '' ? '' : quoteLines(s)
}

/** Appends a quoted section after a `>` line: a line right after a nested quote or list would join it. */
function section(body: string, next: string): string {
  return next === '' ? body : joined(body, '\n>\n', next)
}

/** Joins non-empty parts with `sep`. */
function joined(a: string, sep: string, b: string): string {
  return a === '' ? b : a + sep + b
}

function header(msg: Message, ctx: RenderContext, album: AlbumSlot | undefined): string {
  const clock = clockFor(ctx.timeZone)
  let h = '> [!tg] '
  const name = msg.sender?.name
  const who = name !== undefined && name !== '' ? escapeInline(name) : ''
  if (who !== '') h += '**' + who + '**'
  if (msg.signature) h += (who !== '' ? ' (' : '') + escapeInline(msg.signature) + (who !== '' ? ')' : '')
  if (who !== '' || msg.signature) h += ' · '
  h += clock.dateTime(msg.date)
  if (msg.viaBot) h += ' · via @' + escapeInline(msg.viaBot)
  if (msg.editDate) h += ' · edited ' + (clock.date(msg.editDate) === clock.date(msg.date) ? clock.time(msg.editDate) : clock.dateTime(msg.editDate))
  if (album) h += ' · album of ' + album.size
  if (msg.pinned) h += ' · 📌'
  if (msg.silent) h += ' · 🔕'
  return h
}

function serviceHead(msg: Message, ctx: RenderContext): string {
  return `> [!tg-service] ${clockFor(ctx.timeZone).dateTime(msg.date)} · ${renderService(msg.service!, ctx, msg.sender?.name, msg.chatId)}`
}

/** Forward origin and reply target lines (and the quoted fragment of a reply). */
function meta(msg: Message, ctx: RenderContext): string {
  let lines = ''
  const f = msg.forward
  if (f) {
    const origin = f.from ?? f.fromPeer?.name ?? 'unknown'
    const note = f.fromPeer && f.messageId !== undefined ? ctx.noteFor(f.fromPeer.id, f.messageId) : undefined
    let line = '↪ Forwarded from ' + (note !== undefined ? wikiLink(`${note}#^m${f.messageId}`, origin) : `**${escapeInline(origin)}**`)
    if (f.signature) line += ` (${escapeInline(f.signature)})`
    line += ' · ' + clockFor(ctx.timeZone).dateTime(f.date)
    if (f.savedFrom) line += ` · saved from ${escapeInline(f.savedFrom)}`
    lines = line
  }
  const r = msg.replyTo
  if (r) {
    if (r.messageId !== undefined) {
      const chat = r.chatId ?? msg.chatId
      const note = ctx.noteFor(chat, r.messageId)
      const where = chat !== msg.chatId ? ' in another chat' : ''
      lines = joined(lines, '\n', note !== undefined ? `↩ ${wikiLink(`${note}#^m${r.messageId}`, `reply to message ${r.messageId}${where}`)}` : `↩ reply to message ${r.messageId}${where}`)
    } else if (r.storyId !== undefined) {
      lines = joined(lines, '\n', `↩ reply to story ${r.storyId}`)
    }
    if (r.quote && r.quote.text !== '') lines = joined(lines, '\n', renderQuoted(r.quote, ctx))
  }
  return lines
}

function reactionGlyph(r: Reaction): string {
  if (r.emoji === 'paid') return '⭐'
  if (r.emoji.startsWith('custom:')) return '🧩'
  return escapeInline(r.emoji)
}

/** Reactions and counters on one line: `👍 3 · ❤️ 1 · 👁 1200 · 🔁 4 · 💬 2`. */
function footer(msg: Message): string {
  let out = ''
  if (msg.reactions) for (const r of msg.reactions) out = joined(out, ' · ', reactionGlyph(r) + ' ' + r.count)
  if (msg.views !== undefined) out = joined(out, ' · ', '👁 ' + msg.views)
  if (msg.forwards) out = joined(out, ' · ', '🔁 ' + msg.forwards)
  if (msg.replies) out = joined(out, ' · ', '💬 ' + msg.replies)
  return out
}
