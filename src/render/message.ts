// One message -> one callout followed by its block id line, so `[[note#^m<id>]]` covers the whole message.
import type { Message, Reaction } from '../model/types.ts'
import type { RenderContext } from './context.ts'
import { escapeInline, wikiLink } from './escape.ts'
import { renderMedia } from './media.ts'
import { renderService } from './service.ts'
import { quoteLines, renderText } from './text.ts'
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
  let body = head
  if (!msg.service) {
    const sections = [meta(msg, ctx), msg.text !== '' ? renderText(msg, ctx) : '', msg.media ? renderMedia(msg, msg.media, ctx) : '', footer(msg)]
    let first = true
    for (const section of sections) {
      if (section === '') continue
      // a `>` line between sections: a line right after a nested quote or list would join it
      body += (first ? '\n' : '\n>\n') + quoteLines(section)
      first = false
    }
  } else if (msg.text !== '') {
    body += '\n' + quoteLines(renderText(msg, ctx))
  }
  return body + '\n\n^m' + msg.id + '\n\n'
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
  const lines: string[] = []
  const f = msg.forward
  if (f) {
    const origin = f.from ?? f.fromPeer?.name ?? 'unknown'
    const note = f.fromPeer && f.messageId !== undefined ? ctx.noteFor(f.fromPeer.id, f.messageId) : undefined
    let line = '↪ Forwarded from ' + (note !== undefined ? wikiLink(`${note}#^m${f.messageId}`, origin) : `**${escapeInline(origin)}**`)
    if (f.signature) line += ` (${escapeInline(f.signature)})`
    line += ' · ' + clockFor(ctx.timeZone).dateTime(f.date)
    if (f.savedFrom) line += ` · saved from ${escapeInline(f.savedFrom)}`
    lines.push(line)
  }
  const r = msg.replyTo
  if (r) {
    if (r.messageId !== undefined) {
      const chat = r.chatId ?? msg.chatId
      const note = ctx.noteFor(chat, r.messageId)
      const where = chat !== msg.chatId ? ' in another chat' : ''
      lines.push(note !== undefined ? `↩ ${wikiLink(`${note}#^m${r.messageId}`, `reply to message ${r.messageId}${where}`)}` : `↩ reply to message ${r.messageId}${where}`)
    } else if (r.storyId !== undefined) {
      lines.push(`↩ reply to story ${r.storyId}`)
    }
    if (r.quote && r.quote.text !== '') lines.push(quoteLines(renderText(r.quote, ctx)))
  }
  return lines.join('\n')
}

function reactionGlyph(r: Reaction): string {
  if (r.emoji === 'paid') return '⭐'
  if (r.emoji.startsWith('custom:')) return '🧩'
  return escapeInline(r.emoji)
}

/** Reactions and counters on one line: `👍 3 · ❤️ 1 · 👁 1200 · 🔁 4 · 💬 2`. */
function footer(msg: Message): string {
  const parts: string[] = []
  if (msg.reactions) for (const r of msg.reactions) parts.push(reactionGlyph(r) + ' ' + r.count)
  if (msg.views !== undefined) parts.push('👁 ' + msg.views)
  if (msg.forwards) parts.push('🔁 ' + msg.forwards)
  if (msg.replies) parts.push('💬 ' + msg.replies)
  return parts.join(' · ')
}
