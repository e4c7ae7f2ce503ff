// Escaping of untrusted text for Obsidian Markdown: inline text, wikilink labels, link targets, YAML scalars.

/**
 * Characters that may start Markdown or Obsidian syntax anywhere in a line. When none occurs
 * (the common case) the text is returned as is, without a character loop.
 */
const MAYBE_SPECIAL = /[\\`*_[\]<|$~#^&=%\n]/
/** Characters that only matter at the start of a line (block syntax). */
const LINE_START_SPECIAL = /^[ \t>+\-=#0-9]/

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57
}

// What an ASCII character may need anywhere in a line: a lookup per character instead of a
// switch with a dozen cases, which is most of the cost of escaping.
const PLAIN = 0
const ALWAYS = 1
const HASH = 2
const DOUBLED = 3
const AMP = 4
const NEWLINE = 5
const UNDERSCORE = 6
const KIND = new Uint8Array(128)
// \ ` * [ ] | $ ~ < ^  (emphasis, code, links/embeds/wikilinks, tables, math, strike, HTML, block ids)
for (const c of '\\`*[]|$~<^') KIND[c.charCodeAt(0)] = ALWAYS
KIND[95] = UNDERSCORE // _ emphasis, except between two letters or digits (issue 13: `@sim_self`)
KIND[35] = HASH // # starts a tag when followed by a non-space
KIND[61] = DOUBLED // == highlight
KIND[37] = DOUBLED // %% comment
KIND[38] = AMP // &name; or &#1; entity
KIND[10] = NEWLINE

/**
 * Escape plain text so Obsidian shows it literally. `lineStart` says whether the text begins
 * at the start of an output line (block syntax such as `# `, `- `, `> `, `1. `, `---` only
 * works there). Escapes are backslashes (CommonMark escapes any ASCII punctuation), chosen
 * minimally: `#` only where it could start a heading or a tag (not after a letter, digit or `/`),
 * `=`/`%` only when doubled (highlight `==`, comment `%%`), `&` only where it starts an entity
 * (`&name;`, `&#1;`), `_` only where it could open or close emphasis (not inside a word: CommonMark
 * never emphasizes `snake_case`), so usernames and URLs keep their plain form (issue 13).
 * Leading spaces and tabs become no-break spaces so they never make indented code.
 */
export function escapeText(s: string, lineStart: boolean): string {
  if (!MAYBE_SPECIAL.test(s) && !(lineStart && LINE_START_SPECIAL.test(s))) return s
  return escapeRange(s, 0, s.length, lineStart)
}

/** `escapeText(s.slice(from, to), lineStart)`, reading `s` in place: callers with many short pieces skip a slice and a regex test per piece. */
export function escapeRange(s: string, from: number, to: number, lineStart: boolean): string {
  let out = ''
  let last = from
  let atStart = lineStart
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i)
    if (atStart && c !== 10) {
      if (c === 32 || c === 9) {
        out += s.slice(last, i) + (c === 9 ? '\u00a0\u00a0\u00a0\u00a0' : '\u00a0')
        last = i + 1
        continue
      }
      atStart = false
      if (c === 45 || c === 43 || c === 62 || c === 61 || c === 35) {
        // - + > = # : list, quote, setext underline / thematic break / frontmatter, heading
        out += s.slice(last, i) + '\\'
        last = i
        continue
      }
      if (isDigit(c)) {
        // "1. x" / "1) x" ordered list: escape the dot or parenthesis
        let j = i + 1
        while (j < to && j - i < 10 && isDigit(s.charCodeAt(j))) j++
        const d = codeAt(s, j, to)
        if ((d === 46 || d === 41) && (j + 1 >= to || isSpace(s.charCodeAt(j + 1)))) {
          out += s.slice(last, j) + '\\'
          last = j
          i = j
        }
        continue
      }
    }
    const kind = c < 128 ? KIND[c]! : PLAIN
    if (kind === PLAIN) continue
    if (kind === NEWLINE) {
      atStart = true // the next character starts a line
      continue
    }
    if (
      kind === ALWAYS ||
      (kind === HASH && i + 1 < to && !isSpace(s.charCodeAt(i + 1)) && !(i > from && inWordOrPath(s.charCodeAt(i - 1)))) ||
      (kind === DOUBLED && codeAt(s, i + 1, to) === c) ||
      (kind === AMP && isEntity(s, i + 1, to)) ||
      (kind === UNDERSCORE && !(i > from && isAlnum(s.charCodeAt(i - 1)) && isAlnum(codeAt(s, i + 1, to))))
    ) {
      out += s.slice(last, i) + '\\'
      last = i
    }
  }
  // nothing escaped: the text as it is (a slice of the whole range returns `s` itself)
  return out === '' ? s.slice(from, to) : out + s.slice(last, to)
}

/**
 * The code unit at `i`, -1 at or past `to` (the end of the range, as if the text ended there): -1,
 * not NaN, a small integer like every code unit, so the optimized code of escapeRange and isAlnum
 * is not thrown away the first time a range ends in `=`, `%` or `_` (a NaN met late, issue 10).
 */
function codeAt(s: string, i: number, to: number): number {
  return i < to ? s.charCodeAt(i) : -1
}

/** ASCII letter or digit: an `_` between two of them is inside a word. */
function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
}

/** A `#` right after a letter, digit or `/` starts no tag (`C#`, `page#part`, `x.com/#anchor`). */
function inWordOrPath(c: number): boolean {
  return c === 47 || isAlnum(c)
}

/** Whether `s[i, to)` starts with what makes a preceding `&` an entity: `name;`, `#123;` or `#x1F;` (a letter/digit run and `;`). */
function isEntity(s: string, i: number, to: number): boolean {
  let j = codeAt(s, i, to) === 35 ? i + 1 : i
  const start = j
  while (j < to && j - start < 32 && isAlnum(s.charCodeAt(j))) j++
  return j > start && codeAt(s, j, to) === 59
}

/**
 * escapeRange was optimized on common text, then met its rarer branches (a line starting with a
 * digit or spaces, `#` after a word, `==`, an entity, `_` inside a word) and its code was thrown away
 * and made again, 3-4 times a fast export (--trace-deopt, issue 10): a few calls on a text with each
 * of them, at load, give every branch its type feedback before the first optimization.
 */
const EVERY_BRANCH = '12. a\n\t 3) b\n- c#d #e ==f %%g &amp; &#1; h_i _j_ [k] # \n#'
for (let i = 0; i < 12; i++) escapeRange(EVERY_BRANCH, i & 1, EVERY_BRANCH.length - (i & 1), (i & 2) === 0)

/** What escapeInline changes: the characters escapeText looks at and the line breaks flatten replaces. */
const INLINE_SPECIAL = /[\\`*_[\]<|$~#^&=%\n\r\u2028\u2029]/

/** Escape one line of untrusted text (a name, a title) for use inside a line, never at its start. */
export function escapeInline(s: string): string {
  // one regex test for the common name without specials, instead of one in flatten and one in escapeText
  return INLINE_SPECIAL.test(s) ? escapeText(flatten(s), false) : s
}

/** Newlines and other line separators become spaces: for names and titles shown on one line. */
export function flatten(s: string): string {
  return /[\r\n\u2028\u2029]/.test(s) ? s.replace(/[\r\n\u2028\u2029]+/g, ' ') : s
}

/** What wikiLabel changes: line breaks (flatten) and the characters that end or split a wikilink. */
const LABEL_SPECIAL = /[\r\n\u2028\u2029[\]|]/

/**
 * Text shown as the label of a wikilink (`[[target|label]]`). Backslash escapes do not work there,
 * so the characters that would end or split the link are replaced by look-alikes.
 */
export function wikiLabel(s: string): string {
  // one regex test for the usual label that needs neither flatten nor look-alikes
  if (!LABEL_SPECIAL.test(s)) return s
  const flat = flatten(s)
  if (!/[[\]|]/.test(flat)) return flat
  return flat.replace(/\[/g, '(').replace(/\]/g, ')').replace(/\|/g, '¦')
}

/** Build a wikilink; `target` is a vault path (made safe by vault/), `label` untrusted text. */
export function wikiLink(target: string, label?: string): string {
  return label === undefined ? `[[${target}]]` : `[[${target}|${wikiLabel(label)}]]`
}

/** Schemes a link may keep (issue 16): the web, Telegram, mail. `javascript:`, `file:`, `obsidian:` and the rest stay text. */
const LIVE_SCHEME = /^(?:https?|tg|mailto):/i

/**
 * A URL made safe for `[label](url)`: no whitespace or parentheses to end it early, and always
 * with a scheme, because a scheme-less target is an internal (possibly dangling) vault link.
 * Undefined when its scheme may not be live: the caller shows the text alone.
 */
export function linkTarget(url: string): string | undefined {
  let u = url.trim()
  if (!/^[a-z][a-z0-9+.-]*:/i.test(u)) u = 'https://' + u
  else if (!LIVE_SCHEME.test(u)) return undefined
  return URL_UNSAFE.test(u) ? u.replace(URL_UNSAFE_ALL, percentEncode) : u
}

const URL_UNSAFE = /[\s()<>\\]/
const URL_UNSAFE_ALL = /[\s()<>\\]/g

function percentEncode(c: string): string {
  return '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')
}

/** Lone surrogates (not characters at all) replaced by U+FFFD; String#toWellFormed is newer than Node 20's lib typings. */
export function wellFormed(s: string): string {
  return s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
}

/** A YAML scalar for hostile text: a double-quoted string (JSON is valid YAML) with the non-printables YAML rejects escaped. */
export function yamlString(s: string): string {
  // YAML parsers reject even the escape of a lone surrogate
  return JSON.stringify(wellFormed(s)).replace(
    /[\u007f-\u009f\ufeff\ufffe\uffff]/g,
    (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'),
  )
}
