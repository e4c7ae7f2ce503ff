// Media of a message -> Markdown lines: embeds for placed files, plain placeholders for the rest.
import type { FileRef, Media, Message } from '../model/types.ts'
import type { RenderContext } from './context.ts'
import { escapeInline, escapeText, linkTarget, wikiLink } from './escape.ts'
import { money, plural } from './format.ts'
import { renderText } from './text.ts'
import { clockFor, duration } from './time.ts'
import { isolate } from './bidi.ts'

/** Files Obsidian shows inline when embedded; other files get a link so a PDF or an archive is not rendered in place. */
const EMBEDDED = new Set(['photo', 'video', 'audio', 'voice', 'video_note', 'sticker', 'animation'])

const KIND_WORD: Record<string, string> = {
  photo: 'photo',
  video: 'video',
  audio: 'audio',
  voice: 'voice message',
  video_note: 'video message',
  sticker: 'sticker',
  animation: 'GIF',
  file: 'file',
}

/** Markdown of a message's media, lines joined by `\n` (no quote prefix). */
export function renderMedia(msg: Message, media: Media, ctx: RenderContext): string {
  switch (media.type) {
    case 'file': {
      const notes: string[] = []
      if (media.spoiler) notes.push('hidden as spoiler')
      if (media.ttlSeconds) notes.push('self-destructing')
      return renderFile(msg, media.file, ctx) + (notes.length ? ` (${notes.join(', ')})` : '')
    }
    case 'poll':
      return renderPoll(media, ctx)
    case 'geo':
      return `📍 [Location ${coords(media.lat, media.long)}](${mapUrl(media.lat, media.long)})` + (media.accuracy ? ` ± ${media.accuracy} m` : '')
    case 'venue':
      return `📍 **${escapeInline(media.title)}**, ${escapeInline(media.address)} — [map](${mapUrl(media.lat, media.long)})`
    case 'geo_live':
      return `📍 [Live location ${coords(media.lat, media.long)}](${mapUrl(media.lat, media.long)}) (shared for ${duration(media.period)})`
    case 'contact': {
      const name = escapeInline([media.firstName, media.lastName].filter(Boolean).join(' '))
      return `👤 Contact: **${name}**` + (media.phone ? ` · ${escapeInline(media.phone)}` : '')
    }
    case 'dice':
      return `${escapeInline(media.emoji)} Dice: ${media.value}`
    case 'game':
      return `🎮 Game: **${escapeInline(media.title)}**` + (media.description ? ` — ${escapeInline(media.description)}` : '')
    case 'invoice':
      return (
        `🧾 Invoice: **${escapeInline(media.title)}** — ${money(media.totalAmount, media.currency)}` +
        (media.test ? ' (test)' : '') +
        (media.description ? `\n${escapeInline(media.description)}` : '')
      )
    case 'giveaway':
      return renderGiveaway(media, ctx)
    case 'story':
      return `📖 Story ${media.storyId}` + (media.via ? ` from ${escapeInline(media.via)}` : '')
    case 'webpage':
      return renderWebpage(msg, media, ctx)
    case 'paid':
      return [`⭐ Paid media for ${media.starsAmount} Stars`, ...media.files.map((f) => renderFile(msg, f, ctx))].join('\n')
    case 'todo': {
      const lines = [`☑️ Checklist: **${flatText(renderText(media.title, ctx))}**`]
      for (const item of media.items) lines.push(`- [${item.done ? 'x' : ' '}] ${flatText(renderText(item.title, ctx))}`)
      return lines.join('\n')
    }
    case 'unsupported':
      return `\\[unsupported media: ${escapeInline(media.what)}\\]`
  }
}

/** One file: an embed or link when placed, otherwise a placeholder that says why (never a dangling link). */
export function renderFile(msg: Message, file: FileRef, ctx: RenderContext): string {
  const word = KIND_WORD[file.kind] ?? 'file'
  const placed = file.unavailable === undefined ? ctx.mediaFor(msg, file) : undefined
  const about = describe(file)
  if (placed && 'path' in placed) {
    const link = EMBEDDED.has(file.kind) ? `!${wikiLink(placed.path)}` : `📎 ${wikiLink(placed.path, file.name)}`
    return (about ? `${link}\n${about}` : link) + transcript(file, ctx)
  }
  const why = file.unavailable ?? (placed ? placed.skipped : 'media not exported')
  return `\\[${word}: ${escapeInline(file.name)} — not downloaded: ${escapeInline(why)}\\]` + (about ? `\n${about}` : '')
}

/** A voice note's or round video's transcript as a collapsed callout under it; empty when none. */
function transcript(file: FileRef, ctx: RenderContext): string {
  if (file.kind !== 'voice' && file.kind !== 'video_note') return ''
  const text = ctx.transcriptFor?.(file)
  if (!text) return ''
  return `\n> [!quote]- Transcript\n> ${escapeInline(text.replace(/\s+/g, ' ').trim())}`
}

/** A line about audio/voice/video (performer, title, length), empty when nothing to say. */
function describe(file: FileRef): string {
  if (file.kind === 'audio' && (file.performer || file.title)) {
    const who = [file.performer, file.title].filter(Boolean).join(' — ')
    return `🎵 ${escapeInline(who)}` + (file.duration ? ` (${duration(file.duration)})` : '')
  }
  if ((file.kind === 'voice' || file.kind === 'video_note') && file.duration) return `⏱ ${duration(file.duration)}`
  return ''
}

function renderPoll(p: Extract<Media, { type: 'poll' }>, ctx: RenderContext): string {
  const traits = [p.quiz ? 'quiz' : 'poll', p.multiple ? 'multiple answers' : '', p.publicVoters ? 'public' : 'anonymous', p.closed ? 'closed' : '']
  const lines = [`📊 **${isolate(flatText(renderText(p.question, ctx)))}** (${traits.filter(Boolean).join(', ')})`, '']
  const total = p.totalVoters ?? p.answers.reduce((n, a) => n + (a.voters ?? 0), 0)
  const pcts = percentages(p.answers.map((a) => a.voters ?? 0), total)
  p.answers.forEach((a, i) => {
    const mark = a.correct ? '✅ ' : ''
    const chosen = a.chosen ? ' ← my vote' : ''
    let result = ''
    if (a.voters !== undefined) {
      const pct = pcts[i]!
      const bar = '█'.repeat(Math.round(pct / 10)) + '░'.repeat(10 - Math.round(pct / 10))
      result = ` — ${bar} ${pct}% (${a.voters})`
    }
    // the answer is isolated: right-to-left text would otherwise reorder the bar and the counts
    lines.push(`- ${mark}${isolate(flatText(renderText(a.text, ctx)))}${result}${chosen}`)
  })
  // a blank line ends the list: the next line would otherwise continue its last item
  lines.push('')
  if (p.totalVoters !== undefined) lines.push(plural(p.totalVoters, 'vote'))
  if (p.solution) lines.push(`💡 ${flatText(renderText(p.solution, ctx))}`)
  return lines.join('\n').replace(/\n+$/, '')
}

/**
 * Whole percentages that add up to 100 (largest remainder, as Telegram shows them), or all 0 when
 * nobody voted. Multiple-answer polls, where votes exceed voters, keep plain rounding.
 */
export function percentages(votes: number[], total: number): number[] {
  const sum = votes.reduce((n, v) => n + v, 0)
  if (total <= 0) return votes.map(() => 0)
  if (sum !== total) return votes.map((v) => Math.min(100, Math.round((v / total) * 100)))
  const exact = votes.map((v) => (v / total) * 100)
  const out = exact.map(Math.floor)
  let left = 100 - out.reduce((n, v) => n + v, 0)
  const order = exact.map((v, i) => i).sort((a, b) => exact[b]! - out[b]! - (exact[a]! - out[a]!) || a - b)
  for (const i of order) {
    if (left <= 0) break
    out[i]!++
    left--
  }
  return out
}

function renderGiveaway(g: Extract<Media, { type: 'giveaway' }>, ctx: RenderContext): string {
  const prize = g.stars ? `${g.stars} Stars` : `Telegram Premium${g.months ? ` for ${plural(g.months, 'month')}` : ''}`
  const lines = [`🎁 Giveaway${g.results ? ' results' : ''}: ${g.quantity} × ${prize}` + (g.prize ? ` + ${escapeInline(g.prize)}` : '')]
  lines.push(`until ${clockFor(ctx.timeZone).dateTime(g.untilDate)}` + (g.winners !== undefined ? ` · ${plural(g.winners, 'winner')}` : ''))
  if (g.countries?.length) lines.push(`countries: ${escapeInline(g.countries.join(', '))}`)
  return lines.join('\n')
}

function renderWebpage(msg: Message, w: Extract<Media, { type: 'webpage' }>, ctx: RenderContext): string {
  const title = w.title ?? w.siteName ?? w.url
  const target = linkTarget(w.url)
  const shown = target === undefined ? escapeInline(title) : `[${escapeInline(title)}](${target})`
  const lines = [`🔗 ${shown}` + (w.siteName && w.title ? ` · ${escapeInline(w.siteName)}` : '')]
  if (w.description) lines.push(...flatLines(w.description))
  if (w.photo) {
    // a preview image is decoration: embed it when placed, say nothing otherwise
    const placed = ctx.mediaFor(msg, w.photo)
    if (placed && 'path' in placed) lines.push(`!${wikiLink(placed.path)}`)
  }
  return lines.map((l) => (l === '' ? '>' : '> ' + l)).join('\n')
}

/** Rendered text squeezed to one line (poll answers, list items). */
function flatText(md: string): string {
  return md.indexOf('\n') < 0 ? md : md.split('\n').filter((l) => l !== '').join(' ')
}

function flatLines(s: string): string[] {
  return s.split(/\r?\n/).map((l) => escapeText(l, true)).filter((l) => l.trim() !== '').slice(0, 6)
}

function coords(lat: number, long: number): string {
  return `${lat.toFixed(5)}, ${long.toFixed(5)}`
}

function mapUrl(lat: number, long: number): string {
  return `https://www.openstreetmap.org/?mlat=${lat.toFixed(6)}&mlon=${long.toFixed(6)}#map=16/${lat.toFixed(6)}/${long.toFixed(6)}`
}
