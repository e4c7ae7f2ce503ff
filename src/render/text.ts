// Telegram formatted text -> Obsidian Markdown: splits out blockquotes, renders the runs between them.
import type { Entity, FormattedText } from '../model/types.ts'
import type { RenderContext } from './context.ts'
import { clip, escapeTrimmed, hasNewline, renderInline, type Rendered } from './inline.ts'

/**
 * Markdown for a Telegram text with entities. Lines are separated by `\n`; no trailing newline.
 * Blockquotes become `> ` lines (expandable ones a folded `> [!quote]-` callout) with a blank
 * line after them, because a text line right after a quote would continue the quote.
 */
export function renderText(ft: FormattedText, ctx: RenderContext): string {
  return render(ft, ctx).md
}

/** `quoteLines(renderText(ft, ctx))`, without reading the rendered text back when it is one line. */
export function renderQuoted(ft: FormattedText, ctx: RenderContext): string {
  const { md, multiline } = render(ft, ctx)
  if (multiline) return quoteLines(md)
  return md === '' ? '>' : '> ' + md
}

function render(ft: FormattedText, ctx: RenderContext): Rendered {
  const { text, entities } = ft
  if (entities.length === 0) return { md: escapeTrimmed(text, 0, text.length), multiline: hasNewline(text, 0, text.length) }
  const quotes = findQuotes(text, entities)
  if (quotes.length === 0) return renderInline(text, entities, 0, text.length, ctx)
  let out = ''
  let pos = 0
  for (const q of quotes) {
    if (q.start > pos) {
      // the newline that ends the line before the quote is the quote's own line break
      const end = text.charCodeAt(q.start - 1) === 10 ? q.start - 1 : q.start
      // trailing spaces would turn the inserted line break into a hard break
      const before = renderInline(text, entities, pos, end, ctx).md.replace(/[ \t]+$/, '')
      if (before !== '') out += before + '\n'
    }
    const inner = renderInline(text, entities, q.start, q.end, ctx).md
    if (q.collapsed) out += '> [!quote]-\n'
    out += quoteLines(inner)
    pos = q.end
    // a quote at the very end: charCodeAt past the end (NaN) threw away render's optimized code
    if (pos < text.length && text.charCodeAt(pos) === 10) pos++
    if (pos < text.length) out += '\n\n'
  }
  if (pos < text.length) out += renderInline(text, entities, pos, text.length, ctx).md
  return { md: trimNewlines(out), multiline: true }
}

/** Prefix every line with `> ` (an empty line with `>` so the quote goes on). */
export function quoteLines(s: string): string {
  let nl = s.indexOf('\n')
  if (nl < 0) return s === '' ? '>' : '> ' + s
  let out = ''
  let start = 0
  for (;;) {
    const end = nl < 0 ? s.length : nl
    out += end === start ? '>' : '> ' + s.slice(start, end)
    if (nl < 0) return out
    out += '\n'
    start = nl + 1
    nl = s.indexOf('\n', start)
  }
}

function trimNewlines(s: string): string {
  let a = 0
  let b = s.length
  while (a < b && s.charCodeAt(a) === 10) a++
  while (b > a && s.charCodeAt(b - 1) === 10) b--
  return a === 0 && b === s.length ? s : s.slice(a, b)
}

interface Quote {
  start: number
  end: number
  collapsed: boolean
}

/** Blockquote ranges in order, without overlaps (Telegram does not nest them). */
function findQuotes(text: string, entities: Entity[]): Quote[] {
  const out: Quote[] = []
  for (const e of entities) {
    if (e.type !== 'blockquote') continue
    const r = clip(text, e, 0, text.length)
    if (r) out.push({ start: r[0], end: r[1], collapsed: e.collapsed === true })
  }
  if (out.length < 2) return out
  out.sort((a, b) => a.start - b.start)
  const kept: Quote[] = [out[0]!]
  for (const q of out) if (q.start >= kept[kept.length - 1]!.end) kept.push(q)
  return kept
}
