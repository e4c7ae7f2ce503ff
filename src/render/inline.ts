// One run of text without blockquotes: Telegram entities -> properly nested Markdown markers.
import type { Entity } from '../model/types.ts'
import type { RenderContext } from './context.ts'
import { escapeText, linkTarget, wikiLink } from './escape.ts'
import { mentionTarget, vaultTargetOfUrl } from './links.ts'

/** A marker pair that wraps formatted text; it may be closed and reopened to keep nesting valid. */
interface Mark {
  start: number
  end: number
  open: string
  close: string
  link: boolean
  type: string
}

/** A range rendered as one unit (code, fenced block, auto links, tags); nothing nests inside. */
interface Atom {
  start: number
  end: number
  e: Entity
  /** for text_link whose target is in the vault */
  wiki?: string
}

// Spoilers become highlights: Obsidian has no spoiler syntax, `==x==` is native, survives
// export to other tools and marks the text as special; a hidden <span> would need a CSS snippet.
const STYLE: Record<string, [string, string]> = {
  bold: ['**', '**'],
  italic: ['*', '*'],
  underline: ['<u>', '</u>'],
  strike: ['~~', '~~'],
  spoiler: ['==', '=='],
}

const LINKISH = new Set(['url', 'email', 'phone', 'mention'])

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff
}
function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff
}

/** Move an entity boundary off the middle of a surrogate pair (start moves left, end moves right). */
export function snap(text: string, i: number, isEnd: boolean): number {
  if (i > 0 && i < text.length && isLow(text.charCodeAt(i)) && isHigh(text.charCodeAt(i - 1))) {
    return isEnd ? i + 1 : i - 1
  }
  return i
}

/** Clip an entity to [from, to) and snap it to whole characters; undefined when nothing is left. */
export function clip(text: string, e: Entity, from: number, to: number): [number, number] | undefined {
  const s = snap(text, Math.max(from, e.offset), false)
  const t = snap(text, Math.min(to, e.offset + e.length), true)
  return t > s ? [s, t] : undefined
}

function codeSpan(s: string): string {
  let longest = 0
  let run = 0
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) === 96) longest = Math.max(longest, ++run)
    else run = 0
  }
  const fence = '`'.repeat(longest + 1)
  // a space keeps a leading/trailing backtick from joining the fence
  const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : ''
  return fence + pad + s + pad + fence
}

function fenceFor(s: string): string {
  const runs = s.match(/`{3,}/g)
  let n = 3
  if (runs) for (const r of runs) n = Math.max(n, r.length + 1)
  return '`'.repeat(n)
}

function collect(text: string, entities: Entity[], from: number, to: number, ctx: RenderContext): { marks: Mark[]; atoms: Atom[] } {
  const marks: Mark[] = []
  const atoms: Atom[] = []
  for (const e of entities) {
    const r = clip(text, e, from, to)
    if (!r) continue
    const [start, end] = r
    const style = STYLE[e.type]
    if (style) {
      marks.push({ start, end, open: style[0], close: style[1], link: false, type: e.type })
    } else if (e.type === 'text_link' && e.url) {
      const wiki = vaultTargetOfUrl(e.url, ctx)
      if (wiki !== undefined) atoms.push({ start, end, e, wiki })
      else marks.push({ start, end, open: '[', close: `](${linkTarget(e.url)})`, link: true, type: 'link' })
    } else if (e.type === 'mention_name' && e.userId !== undefined) {
      marks.push({ start, end, open: '[', close: `](tg://user?id=${e.userId})`, link: true, type: 'link' })
    } else if (e.type === 'code' || e.type === 'pre' || e.type === 'hashtag' || LINKISH.has(e.type)) {
      atoms.push({ start, end, e })
    }
    // cashtag, bot_command, bank_card, custom_emoji (its text is the fallback emoji), unknown: plain text
  }
  return { marks: mergeMarks(marks), atoms: dropOverlaps(atoms) }
}

/** Insertion sort: the arrays here hold a handful of items, where it beats Array#sort with a comparator. */
function sortSmall<T>(a: T[], before: (x: T, y: T) => boolean): T[] {
  for (let i = 1; i < a.length; i++) {
    const v = a[i]!
    let j = i - 1
    while (j >= 0 && before(v, a[j]!)) {
      a[j + 1] = a[j]!
      j--
    }
    a[j + 1] = v
  }
  return a
}

const byTypeThenStart = (x: Mark, y: Mark): boolean => (x.type !== y.type ? x.type < y.type : x.start < y.start)
// outer before inner: earlier start, then longer, then links (so styles nest inside link labels)
const outerFirst = (x: Mark, y: Mark): boolean =>
  x.start !== y.start ? x.start < y.start : x.end !== y.end ? x.end > y.end : x.link && !y.link

/** Same-type styles that touch or overlap become one mark (`**a****b**` would not render). Links never nest. */
function mergeMarks(marks: Mark[]): Mark[] {
  if (marks.length < 2) return marks
  sortSmall(marks, byTypeThenStart)
  const out: Mark[] = []
  for (const m of marks) {
    const prev = out[out.length - 1]
    if (prev && prev.type === m.type && m.start <= prev.end) {
      if (m.link) continue // overlapping links: keep the first
      prev.end = Math.max(prev.end, m.end)
    } else out.push(m)
  }
  return sortSmall(out, outerFirst)
}

function dropOverlaps(atoms: Atom[]): Atom[] {
  if (atoms.length < 2) return atoms
  sortSmall(atoms, (x, y) => (x.start !== y.start ? x.start < y.start : x.end > y.end))
  const out: Atom[] = []
  for (const a of atoms) if (!out.length || a.start >= out[out.length - 1]!.end) out.push(a)
  return out
}

/** Markdown of text[from, to) with its entities; `from` is at the start of an output line. */
export function renderInline(text: string, entities: Entity[], from: number, to: number, ctx: RenderContext): string {
  const { marks, atoms } = collect(text, entities, from, to, ctx)
  if (marks.length === 0 && atoms.length === 0) return escapeText(text.slice(from, to), true)
  return new InlineWriter(text, marks, atoms, ctx).run(from, to)
}

class InlineWriter {
  private out = ''
  /** trailing whitespace not yet written: closing markers go before it (`**x** `, not `**x **`) */
  private pending = ''
  /** whether `out` ends a line (tracked, because reading the end of a concatenated string flattens it) */
  private ls = true
  private open: Mark[] = []
  /** after a fenced block, which already ends its line */
  private skipNewline = false

  constructor(private text: string, private marks: Mark[], private atoms: Atom[], private ctx: RenderContext) {}

  run(from: number, to: number): string {
    const points: number[] = [from, to]
    for (const m of this.marks) points.push(m.start, m.end)
    for (const a of this.atoms) points.push(a.start, a.end)
    sortSmall(points, (x, y) => x < y)
    let ai = 0
    for (let i = 0; i + 1 < points.length; i++) {
      const a = points[i]!
      let b = points[i + 1]!
      if (b === a) continue
      const atom = this.atoms[ai]
      if (atom && atom.start === a) {
        ai++
        this.atom(atom, this.desired(atom.start, atom.end))
        while (i + 1 < points.length && points[i + 1]! < atom.end) i++ // cuts inside the atom do not count
        continue
      }
      this.plain(this.text.slice(a, b), this.desired(a, b))
    }
    this.closeTo(0)
    return this.out + this.pending
  }

  private desired(a: number, b: number): Mark[] {
    const want: Mark[] = []
    for (const m of this.marks) if (m.start < b && m.end > a) want.push(m)
    return want
  }

  private write(s: string): void {
    if (s === '') return
    this.out += this.pending + s
    this.pending = ''
    this.ls = s.charCodeAt(s.length - 1) === 10
  }

  private closeTo(k: number): void {
    while (this.open.length > k) this.out += this.open.pop()!.close
  }

  /** Close what is not wanted; return how many wanted marks are already open. */
  private keep(want: Mark[]): number {
    let k = 0
    while (k < this.open.length && k < want.length && this.open[k] === want[k]) k++
    this.closeTo(k)
    return k
  }

  private openFrom(want: Mark[], k: number): boolean {
    for (let i = k; i < want.length; i++) {
      this.write(want[i]!.open)
      this.open.push(want[i]!)
    }
    return want.length > k
  }

  private newline(): void {
    this.closeTo(0) // emphasis must not cross lines: a blank line would break it
    this.write('\n')
  }

  private plain(s: string, want: Mark[]): void {
    if (this.skipNewline) {
      this.skipNewline = false
      if (s.charCodeAt(0) === 10) s = s.slice(1)
    }
    if (s.indexOf('\n') < 0) return this.piece(s, want)
    const lines = s.split('\n')
    for (let i = 0; i < lines.length; i++) {
      if (i > 0) this.newline()
      this.piece(lines[i]!, want)
    }
  }

  private piece(s: string, want: Mark[]): void {
    if (s === '') return
    let ws = 0
    while (ws < s.length && (s.charCodeAt(ws) === 32 || s.charCodeAt(ws) === 9)) ws++
    if (ws === s.length) {
      // whitespace alone opens nothing and waits: closing markers may still go before it
      this.pending += escapeText(s, this.ls)
      return
    }
    let end = s.length
    while (s.charCodeAt(end - 1) === 32 || s.charCodeAt(end - 1) === 9) end--
    const k = this.keep(want)
    const ls = this.ls
    if (ws > 0) this.pending += escapeText(s.slice(0, ws), ls)
    const opened = this.openFrom(want, k)
    this.write(escapeText(ws > 0 || end < s.length ? s.slice(ws, end) : s, ls && !opened))
    if (end < s.length) this.pending += s.slice(end)
  }

  /** Append ready Markdown inside the wanted marks. */
  private raw(md: string, want: Mark[]): void {
    this.openFrom(want, this.keep(want))
    this.write(md)
  }

  private atom(a: Atom, want: Mark[]): void {
    const e = a.e
    const s = this.text.slice(a.start, a.end)
    if (e.type === 'pre') return this.pre(s, e.language)
    if (e.type === 'code') {
      const lines = s.split('\n')
      for (let i = 0; i < lines.length; i++) {
        if (i > 0) this.newline()
        if (lines[i] !== '') this.raw(codeSpan(lines[i]!), want)
      }
      return
    }
    // links cannot nest and do not span lines: inside a link label, or with a newline, it is plain text
    if (s.indexOf('\n') >= 0 || want.some((m) => m.link)) return this.plain(s, want)
    const label = escapeText(s, false)
    switch (e.type) {
      case 'text_link':
        return this.raw(wikiLink(a.wiki!, s), want)
      case 'url': {
        const wiki = vaultTargetOfUrl(s, this.ctx)
        return this.raw(wiki !== undefined ? wikiLink(wiki, s) : `[${label}](${linkTarget(s)})`, want)
      }
      case 'email':
        return this.raw(`[${label}](${linkTarget('mailto:' + s)})`, want)
      case 'phone':
        return this.raw(`[${label}](tel:${s.replace(/[^0-9+]/g, '')})`, want)
      case 'mention': {
        const t = mentionTarget(s.replace(/^@/, ''), this.ctx)
        return this.raw('note' in t ? wikiLink(t.note, s) : `[${label}](${t.url})`, want)
      }
      case 'hashtag':
        return this.hashtag(s, want)
    }
    this.plain(s, want)
  }

  /** Keep `#tag` raw so Obsidian indexes it as a tag; its tail (e.g. `@channel`) and invalid tags are escaped. */
  private hashtag(s: string, want: Mark[]): void {
    const m = /^#[\p{L}\p{N}\p{M}_\-/]+/u.exec(s)
    if (!m || /^#[0-9]+$/.test(m[0])) return this.plain(s, want)
    this.raw(m[0] + escapeText(s.slice(m[0].length), false), want)
  }

  private pre(s: string, language: string | undefined): void {
    this.closeTo(0)
    if (!this.ls) this.write('\n')
    const body = s.endsWith('\n') ? s : s + '\n'
    const fence = fenceFor(s)
    const lang = (language ?? '').replace(/[^\w+#.-]/g, '').slice(0, 32)
    this.write(fence + lang + '\n' + body + fence + '\n')
    this.skipNewline = true
  }
}
