// One message -> one callout followed by its block id line, so `[[note#^m<id>]]` covers the whole message.
import type { Message, Reaction } from '../model/types.ts'
import type { RenderContext } from './context.ts'
import { escapeInline, wikiLink } from './escape.ts'
import { plural } from './format.ts'
import { renderMedia } from './media.ts'
import { renderService } from './service.ts'
import { quoteLines, renderQuoted } from './text.ts'
import { clockFor } from './time.ts'
import { isolate } from './bidi.ts'

/**
 * The block of one message: a callout, a blank line, `^m<id>` alone on its line, a blank line.
 * Obsidian gives a callout (a quote) a block id only when the id stands on its own line right
 * after it; an id at the end of the last callout line would cover that line only.
 */
export function renderMessage(msg: Message, ctx: RenderContext): string {
  if (msg.service) {
    const head = serviceHead(msg, ctx)
    return (msg.text !== '' ? head + '\n' + renderQuoted(msg, ctx) : head) + idLine(msg)
  }
  let body = quoted(meta(msg, ctx))
  body = section(body, msg.text !== '' ? renderQuoted(msg, ctx) : '')
  body = section(body, msg.media ? quoted(renderMedia(msg, msg.media, ctx)) : '')
  body = section(body, quoted(footer(msg, ctx)))
  const head = header(msg, ctx, 0)
  return (body === '' ? head : head + '\n' + body) + idLine(msg)
}

/**
 * An album as Telegram shows it: one callout with the sender, the time, every item's media and the
 * caption (issue 13). A callout is one block and Obsidian gives a block one id, so the id lines of
 * all items follow it, each alone between blank lines: every `^m<id>` of the album is in the note
 * and a link to any of them lands on the album.
 */
export function renderAlbum(items: Message[], ctx: RenderContext): string {
  const first = items[0]!
  let media = ''
  let text = ''
  let foot = ''
  for (const m of items) {
    if (m.media) media = joined(media, '\n', renderMedia(m, m.media, ctx))
    if (m.text !== '') text = joined(text, '\n>\n', renderQuoted(m, ctx))
    const f = footer(m, ctx)
    if (f !== '') foot = joined(foot, ' · ', f)
  }
  let body = quoted(meta(first, ctx))
  body = section(body, quoted(media))
  body = section(body, text)
  body = section(body, quoted(foot))
  const head = header(first, ctx, items.length)
  return (body === '' ? head : head + '\n' + body) + idLines(items)
}

/** `^m<id>` alone on its line between blank lines. */
function idLine(m: Message): string {
  return '\n\n^m' + m.id + '\n\n'
}

/** `^m<id>` of each message alone on its line between blank lines. */
function idLines(items: Message[]): string {
  let out = ''
  for (const m of items) out += '\n\n^m' + m.id
  return out + '\n\n'
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

/** Whether the account itself sent a message (Telegram draws those on the right). */
export function isMine(msg: Message, ctx: RenderContext): boolean {
  return msg.out === true || (ctx.selfId !== undefined && msg.sender?.kind === 'user' && msg.sender.id === ctx.selfId)
}

/**
 * The callout line: `[!tg-out]` for my messages, `[!tg|c<n>]` for others, where n is the sender's
 * colour as Telegram picks it (id mod 7); the CSS snippet styles both, Obsidian alone shows a note callout.
 */
function header(msg: Message, ctx: RenderContext, albumSize: number): string {
  const clock = clockFor(ctx.timeZone)
  const album = albumSize > 1 ? 'album' : ''
  let h = isMine(msg, ctx) ? (album ? '> [!tg-out|album] ' : '> [!tg-out] ')
    : msg.sender ? colourCallout(Math.abs(msg.sender.id) % 7, album !== '')
    : album ? '> [!tg|album] ' : '> [!tg] '
  const name = msg.sender?.name
  const who = name !== undefined && name !== '' ? isolate(escapeInline(name)) : ''
  // `**who** (signature) · `, each form in one expression: fewer strings made a message
  const sig = msg.signature
  if (who !== '') h += sig ? '**' + who + '** (' + escapeInline(sig) + ') · ' : '**' + who + '** · '
  else if (sig) h += escapeInline(sig) + ' · '
  h += clock.dateTime(msg.date)
  if (msg.viaBot) h += ' · via @' + escapeInline(msg.viaBot)
  if (msg.editDate) h += ' · edited ' + (clock.date(msg.editDate) === clock.date(msg.date) ? clock.time(msg.editDate) : clock.dateTime(msg.editDate))
  if (albumSize > 1) h += ' · album of ' + albumSize
  if (msg.pinned) h += ' · 📌'
  if (msg.silent) h += ' · 🔕'
  return h
}

// the callout of each colour made once: a message's header is built from fewer pieces
const CALLOUTS = Array.from({ length: 7 }, (_, c) => '> [!tg|c' + c + '] ')
const ALBUM_CALLOUTS = Array.from({ length: 7 }, (_, c) => '> [!tg|c' + c + ' album] ')

function colourCallout(c: number, album: boolean): string {
  return (album ? ALBUM_CALLOUTS[c] : CALLOUTS[c]) ?? '> [!tg|c' + c + (album ? ' album] ' : '] ')
}

function serviceHead(msg: Message, ctx: RenderContext): string {
  return `> [!tg-service] ${clockFor(ctx.timeZone).dateTime(msg.date)} · ${renderService(msg.service!, ctx, msg.sender?.name, msg.chatId, ctx.selfId === undefined && msg.out === undefined ? undefined : isMine(msg, ctx))}`
}

/** Forward origin and reply target lines (and the quoted fragment of a reply). */
function meta(msg: Message, ctx: RenderContext): string {
  let lines = ''
  const f = msg.forward
  if (f) {
    const origin = f.from ?? f.fromPeer?.name ?? 'unknown'
    const note = f.fromPeer && f.messageId !== undefined ? ctx.noteFor(f.fromPeer.id, f.messageId) : undefined
    let line = '↪ Forwarded from ' + (note !== undefined ? wikiLink(`${note}#^m${f.messageId}`, isolate(origin)) : `**${isolate(escapeInline(origin))}**`)
    if (f.signature) line += ` (${escapeInline(f.signature)})`
    line += ' · ' + clockFor(ctx.timeZone).dateTime(f.date)
    if (f.savedFrom) line += ` · saved from ${escapeInline(f.savedFrom)}`
    lines = line
  }
  const r = msg.replyTo
  if (r) {
    let line = ''
    if (r.messageId !== undefined) line = replyLine(msg, r.chatId ?? msg.chatId, r.messageId, ctx)
    else if (r.storyId !== undefined) line = `> ↩ reply to story ${r.storyId}`
    if (r.quote && r.quote.text !== '') line = joined(line, '\n>\n', renderQuoted(r.quote, ctx))
    lines = joined(lines, '\n', line)
  }
  return lines
}

/**
 * The reply header as a nested quote, Telegram's way: `↩ **Alice** · [[note#^m1|first words…]]`,
 * or what it points to when the parent is not in this export.
 */
function replyLine(msg: Message, chat: number, id: number, ctx: RenderContext): string {
  const where = chat !== msg.chatId ? ' in another chat' : ''
  const note = ctx.noteFor(chat, id)
  if (note === undefined) return `> ↩ reply to message ${id}${where} (not in this export)`
  const p = ctx.replyPreview?.(chat, id)
  if (!p) return `> ↩ ${wikiLink(`${note}#^m${id}`, `reply to message ${id}${where}`)}`
  const who = p.sender !== '' ? `**${isolate(escapeInline(p.sender))}**${where} · ` : where !== '' ? where.trim() + ' · ' : ''
  return `> ↩ ${who}${wikiLink(`${note}#^m${id}`, isolate(p.snippet))}`
}

function reactionGlyph(r: Reaction): string {
  if (r.emoji === 'paid') return '⭐'
  if (r.emoji.startsWith('custom:')) return '🧩'
  return escapeInline(r.emoji)
}

/** Reactions and counters on one line: `👍 3 · ❤️ 1 · 👁 1200 · 🔁 4 · 💬 2` (the comments linked when exported). */
function footer(msg: Message, ctx: RenderContext): string {
  let out = ''
  if (msg.reactions) for (const r of msg.reactions) out = joined(out, ' · ', reactionGlyph(r) + ' ' + r.count)
  if (msg.views !== undefined) out = joined(out, ' · ', '👁 ' + msg.views)
  if (msg.forwards) out = joined(out, ' · ', '🔁 ' + msg.forwards)
  const comments = msg.replies ? ctx.commentsNote?.(msg.chatId, msg.id) : undefined
  if (comments !== undefined) out = joined(out, ' · ', '💬 ' + wikiLink(comments, plural(msg.replies!, 'comment')))
  else if (msg.replies) out = joined(out, ' · ', '💬 ' + msg.replies)
  return out
}
