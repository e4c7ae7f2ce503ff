// One run of text without blockquotes: Telegram entities -> properly nested Markdown markers.
import type { Entity } from '../model/types.ts'
import type { RenderContext } from './context.ts'
import { escapeRange, escapeText, linkTarget, wikiLink } from './escape.ts'
import { mentionTarget, vaultTargetOfUrl } from './links.ts'

/** A marker pair that wraps formatted text; it may be closed and reopened to keep nesting valid. */
interface Mark {
  start: number
  end: number
  open: string
  close: string
  link: boolean
  /** groups marks of one kind for merging; see RANK */
  rank: number
}

/** A range rendered as one unit (code, fenced block, auto links, tags); nothing nests inside. */
interface Atom {
  start: number
  end: number
  e: Entity
  /** for text_link whose target is in the vault */
  wiki?: string
}

// The ranks follow the alphabetical order of the kind names (bold, italic, link, spoiler, strike,
// underline): marks over the same range open in that order, as they did when sorted by name.
const LINK_RANK = 2

// Spoilers become highlights: Obsidian has no spoiler syntax, `==x==` is native, survives
// export to other tools and marks the text as special; a hidden <span> would need a CSS snippet.
// A Map: a type from the wire such as 'constructor' finds nothing, without Object.hasOwn and a keyed load.
const STYLE = new Map<string, { open: string; close: string; rank: number }>([
  ['bold', { open: '**', close: '**', rank: 0 }],
  ['italic', { open: '*', close: '*', rank: 1 }],
  ['spoiler', { open: '==', close: '==', rank: 3 }],
  ['strike', { open: '~~', close: '~~', rank: 4 }],
  ['underline', { open: '<u>', close: '</u>', rank: 5 }],
])

const LINKISH = new Set(['url', 'email', 'phone', 'mention'])

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff
}
function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9
}

/** Move an entity boundary off the middle of a surrogate pair (start moves left, end moves right). */
export function snap(text: string, i: number, isEnd: boolean): number {
  if (i > 0 && i < text.length && isLow(text.charCodeAt(i)) && isHigh(text.charCodeAt(i - 1))) {
    return isEnd ? i + 1 : i - 1
  }
  return i
}

function clipStart(text: string, e: Entity, from: number): number {
  return snap(text, Math.max(from, e.offset), false)
}

function clipEnd(text: string, e: Entity, to: number): number {
  return snap(text, Math.min(to, e.offset + e.length), true)
}

/** Clip an entity to [from, to) and snap it to whole characters; undefined when nothing is left. */
export function clip(text: string, e: Entity, from: number, to: number): [number, number] | undefined {
  const s = clipStart(text, e, from)
  const t = clipEnd(text, e, to)
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

/** Fills `marks` and `atoms` with the entities that reach into [from, to), clipped to it. */
function collect(text: string, entities: Entity[], from: number, to: number, ctx: RenderContext, marks: Mark[], atoms: Atom[]): void {
  for (let i = 0; i < entities.length; i++) {
    const e = entities[i]!
    const start = clipStart(text, e, from)
    const end = clipEnd(text, e, to)
    if (!(end > start)) continue
    const style = STYLE.get(e.type)
    if (style) {
      marks.push({ start, end, open: style.open, close: style.close, link: false, rank: style.rank })
    } else if (e.type === 'text_link' && e.url) {
      const wiki = vaultTargetOfUrl(e.url, ctx)
      const target = wiki === undefined ? linkTarget(e.url) : undefined
      if (wiki !== undefined) atoms.push({ start, end, e, wiki })
      else if (target !== undefined) marks.push({ start, end, open: '[', close: '](' + target + ')', link: true, rank: LINK_RANK })
      // a scheme that may not be live (javascript:, file:, obsidian:): the label as plain text
    } else if (e.type === 'mention_name' && e.userId !== undefined) {
      marks.push({ start, end, open: '[', close: '](tg://user?id=' + e.userId + ')', link: true, rank: LINK_RANK })
    } else if (e.type === 'code' || e.type === 'pre' || e.type === 'hashtag' || LINKISH.has(e.type)) {
      atoms.push({ start, end, e })
    }
    // cashtag, bot_command, bank_card, custom_emoji (its text is the fallback emoji), unknown: plain text
  }
  mergeMarks(marks)
  dropOverlaps(atoms)
}

/** Insertion sort: the arrays here hold a handful of items, where it beats Array#sort with a comparator. */
function sortSmall<T>(a: T[], before: (x: T, y: T) => boolean): void {
  for (let i = 1; i < a.length; i++) {
    const v = a[i]!
    let j = i - 1
    while (j >= 0 && before(v, a[j]!)) {
      a[j + 1] = a[j]!
      j--
    }
    a[j + 1] = v
  }
}

const byRankThenStart = (x: Mark, y: Mark): boolean => (x.rank !== y.rank ? x.rank < y.rank : x.start < y.start)
// outer before inner: earlier start, then longer, then links (so styles nest inside link labels)
const outerFirst = (x: Mark, y: Mark): boolean =>
  x.start !== y.start ? x.start < y.start : x.end !== y.end ? x.end > y.end : x.link && !y.link
const byStartLongestFirst = (x: Atom, y: Atom): boolean => (x.start !== y.start ? x.start < y.start : x.end > y.end)

/** Same-kind styles that touch or overlap become one mark (`**a****b**` would not render). Links never nest. In place. */
function mergeMarks(marks: Mark[]): void {
  if (marks.length < 2) return
  sortSmall(marks, byRankThenStart)
  let n = 1
  for (let i = 1; i < marks.length; i++) {
    const m = marks[i]!
    const prev = marks[n - 1]!
    if (prev.rank === m.rank && m.start <= prev.end) {
      if (m.link) continue // overlapping links: keep the first
      prev.end = Math.max(prev.end, m.end)
    } else marks[n++] = m
  }
  marks.length = n
  sortSmall(marks, outerFirst)
}

/** In place. */
function dropOverlaps(atoms: Atom[]): void {
  if (atoms.length < 2) return
  sortSmall(atoms, byStartLongestFirst)
  let n = 1
  for (let i = 1; i < atoms.length; i++) if (atoms[i]!.start >= atoms[n - 1]!.end) atoms[n++] = atoms[i]!
  atoms.length = n
}


/** Markdown and whether it may span lines, known while writing it: reading the joined result back would copy it. */
export interface Rendered {
  md: string
  /** false only when `md` holds no newline */
  multiline: boolean
}

/**
 * Markdown of text[from, to) with its entities; `from` is at the start of an output line.
 * Without leading or trailing newlines (trimmed as they are written: trimming the joined
 * result afterwards would first copy it into one flat string).
 */
export function renderInline(text: string, entities: Entity[], from: number, to: number, ctx: RenderContext): Rendered {
  const marks: Mark[] = []
  const atoms: Atom[] = []
  collect(text, entities, from, to, ctx, marks, atoms)
  if (marks.length === 0 && atoms.length === 0) return { md: escapeTrimmed(text, from, to), multiline: hasNewline(text, from, to) }
  return new InlineWriter(text, marks, atoms, ctx).run(from, to)
}

/** Whether text[from, to) holds a newline. */
export function hasNewline(text: string, from: number, to: number): boolean {
  const i = text.indexOf('\n', from)
  return i >= 0 && i < to
}

/** `text[from, to)` escaped, without leading or trailing newlines. */
export function escapeTrimmed(text: string, from: number, to: number): string {
  // escaping neither adds nor removes newlines, and one at an end changes no escape: trim first
  while (from < to && text.charCodeAt(from) === 10) from++
  while (to > from && text.charCodeAt(to - 1) === 10) to--
  return from === 0 && to === text.length ? escapeText(text, true) : escapeText(text.slice(from, to), true)
}

/**
 * A text starting with a line break is rare, and met first after escapeTrimmed (and `render`, which
 * inlines it) was optimized: its code was thrown away (--trace-deopt, issue 10). A few calls at load
 * give the trimming its type feedback first.
 */
for (let i = 0; i < 12; i++) escapeTrimmed('\n\nx\n', 0, 4)

class InlineWriter {
  private out = ''
  /** trailing whitespace not yet written: closing markers go before it (`**x** `, not `**x **`) */
  private pending = ''
  /** line breaks not yet written, before `pending`: dropped at the start and end of the output */
  private breaks = 0
  /** whether the output ends a line (tracked, because reading the end of a concatenated string flattens it) */
  private ls = true
  private multiline = false
  private open: Mark[] = []
  /** the marks over the current segment: want[0, wantN), refilled for each segment */
  private want: Mark[] = []
  private wantN = 0
  /** after a fenced block, which already ends its line */
  private skipNewline = false
  /** the first newline at or after `nlFrom` (text.length when none): saves a scan per segment */
  private nlFrom = -1
  private nlAt = -1

  constructor(private text: string, private marks: Mark[], private atoms: Atom[], private ctx: RenderContext) {}

  /** Walks the segments between consecutive mark and atom boundaries; an atom is one segment. */
  run(from: number, to: number): Rendered {
    let ai = 0
    let pos = from
    while (pos < to) {
      const atom = this.atoms[ai]
      if (atom && atom.start === pos) {
        ai++
        this.desired(pos, atom.end)
        this.atom(atom)
        pos = atom.end
        continue
      }
      const next = this.nextCut(pos, atom ? atom.start : to)
      this.desired(pos, next)
      this.plain(pos, next)
      pos = next
    }
    this.closeTo(0)
    const md = this.pending === '' ? this.out : this.out + this.lineBreaks() + this.pending
    return { md, multiline: this.multiline }
  }

  /** The first mark boundary after `pos`, or `limit` if none comes before it. */
  private nextCut(pos: number, limit: number): number {
    let next = limit
    for (let i = 0; i < this.marks.length; i++) {
      const m = this.marks[i]!
      if (m.start > pos && m.start < next) next = m.start
      if (m.end > pos && m.end < next) next = m.end
    }
    return next
  }

  /** The marks over [a, b), in nesting order. */
  private desired(a: number, b: number): void {
    let n = 0
    for (let i = 0; i < this.marks.length; i++) {
      const m = this.marks[i]!
      if (m.start < b && m.end > a) this.want[n++] = m
    }
    this.wantN = n
  }

  private wantsLink(): boolean {
    for (let i = 0; i < this.wantN; i++) if (this.want[i]!.link) return true
    return false
  }

  /** The held line breaks, none before the first text. */
  private lineBreaks(): string {
    const n = this.breaks
    this.breaks = 0
    if (n === 0 || this.out === '') return ''
    this.multiline = true
    return n === 1 ? '\n' : '\n'.repeat(n)
  }

  /** Appends Markdown that does not end a line (none of the callers' text does). */
  private write(s: string): void {
    if (this.breaks !== 0 || this.pending !== '') this.flush()
    this.out += s
    this.ls = false
  }

  /** Writes the held line breaks and whitespace. */
  private flush(): void {
    this.out += this.lineBreaks() + this.pending
    this.pending = ''
  }

  /** Ends the line; the break itself is held (see `breaks`). */
  private lineBreak(): void {
    if (this.pending !== '') this.flush()
    this.breaks++
    this.ls = true
  }

  private closeTo(k: number): void {
    while (this.open.length > k) this.out += this.open.pop()!.close
  }

  /** Close what is not wanted; return how many wanted marks are already open. */
  private keep(): number {
    let k = 0
    while (k < this.open.length && k < this.wantN && this.open[k] === this.want[k]) k++
    this.closeTo(k)
    return k
  }

  private openFrom(k: number): boolean {
    for (let i = k; i < this.wantN; i++) {
      this.write(this.want[i]!.open)
      this.open.push(this.want[i]!)
    }
    return this.wantN > k
  }

  private newline(): void {
    this.closeTo(0) // emphasis must not cross lines: a blank line would break it
    this.lineBreak()
  }

  private newlineFrom(i: number): number {
    if (i < this.nlFrom || i > this.nlAt) {
      const at = this.text.indexOf('\n', i)
      this.nlAt = at < 0 ? this.text.length : at
    }
    this.nlFrom = i
    return this.nlAt
  }

  /** text[a, b) as escaped text, line by line. */
  private plain(a: number, b: number): void {
    if (this.skipNewline) {
      this.skipNewline = false
      if (a < b && this.text.charCodeAt(a) === 10) a++
    }
    for (;;) {
      const nl = this.newlineFrom(a)
      if (nl >= b) return this.piece(a, b)
      this.piece(a, nl)
      this.newline()
      a = nl + 1
    }
  }

  /** text[a, b), which holds no newline. */
  private piece(a: number, b: number): void {
    if (a >= b) return
    const text = this.text
    let ws = a
    while (ws < b && isBlank(text.charCodeAt(ws))) ws++
    if (ws === b) {
      // whitespace alone opens nothing and waits: closing markers may still go before it
      this.pending += escapeRange(text, a, b, this.ls)
      return
    }
    let end = b
    while (isBlank(text.charCodeAt(end - 1))) end--
    const k = this.keep()
    const ls = this.ls
    if (ws > a) this.pending += escapeRange(text, a, ws, ls)
    const opened = this.openFrom(k)
    this.write(escapeRange(text, ws, end, ls && !opened))
    if (end < b) this.pending += text.slice(end, b)
  }

  /** Append ready Markdown inside the wanted marks. */
  private raw(md: string): void {
    if (md.indexOf('\n') >= 0) this.multiline = true // a vault path from the context could hold one
    this.openFrom(this.keep())
    this.write(md)
  }

  private atom(a: Atom): void {
    const e = a.e
    const s = this.text.slice(a.start, a.end)
    if (e.type === 'pre') return this.pre(s, e.language)
    if (e.type === 'code') {
      const lines = s.split('\n')
      for (let i = 0; i < lines.length; i++) {
        if (i > 0) this.newline()
        if (lines[i] !== '') this.raw(codeSpan(lines[i]!))
      }
      return
    }
    // links cannot nest and do not span lines: inside a link label, or with a newline, it is plain text
    if (s.indexOf('\n') >= 0 || this.wantsLink()) return this.plain(a.start, a.end)
    const label = escapeText(s, false)
    switch (e.type) {
      case 'text_link':
        return this.raw(wikiLink(a.wiki!, s))
      case 'url': {
        const wiki = vaultTargetOfUrl(s, this.ctx)
        if (wiki !== undefined) return this.raw(wikiLink(wiki, s))
        const target = linkTarget(s)
        return target === undefined ? this.plain(a.start, a.end) : this.raw(`[${label}](${target})`)
      }
      case 'email':
        return this.raw(`[${label}](${linkTarget('mailto:' + s)!})`)
      case 'phone':
        return this.raw(`[${label}](tel:${s.replace(/[^0-9+]/g, '')})`)
      case 'mention': {
        const t = mentionTarget(s.replace(/^@/, ''), this.ctx)
        return this.raw('note' in t ? wikiLink(t.note, s) : `[${label}](${t.url})`)
      }
      case 'hashtag':
        return this.hashtag(a, s)
    }
    this.plain(a.start, a.end)
  }

  /** Keep `#tag` raw so Obsidian indexes it as a tag; its tail (e.g. `@channel`) and invalid tags are escaped. */
  private hashtag(a: Atom, s: string): void {
    const m = /^#[\p{L}\p{N}\p{M}_\-/]+/u.exec(s)
    if (!m || /^#[0-9]+$/.test(m[0])) return this.plain(a.start, a.end)
    this.raw(m[0] + escapeText(s.slice(m[0].length), false))
  }

  private pre(s: string, language: string | undefined): void {
    this.closeTo(0)
    if (!this.ls) this.lineBreak()
    const body = s.endsWith('\n') ? s : s + '\n'
    const fence = fenceFor(s)
    const lang = (language ?? '').replace(/[^\w+#.-]/g, '').slice(0, 32)
    this.write(fence + lang + '\n' + body + fence)
    this.multiline = true
    this.lineBreak()
    this.skipNewline = true
  }
}
