// Renders notes of a tobs vault the way Obsidian shows them (Markdown with callouts, wikilinks and
// embeds, the vault's CSS snippet) and photographs them with headless Chromium, so a person can look
// at what a user sees (issue 13). Run: `node dist/bench/vault-screens.js [--vault DIR] [--out DIR]`;
// without --vault it exports the demo world first (in --tz, default Europe/Berlin).
// Prints JSON: the vault, and per screenshot the note and the PNG.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { extname, join, relative } from 'node:path'
import { pathToFileURL } from 'node:url'
import MarkdownIt from 'markdown-it'
import callouts from 'markdown-it-obsidian-callouts'
import { runDemo } from '../src/export/demo.ts'
import { silentProgress } from '../src/export/progress.ts'
import { ALL_FILE_KINDS } from '../src/media/queue.ts'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const IMAGE = new Set(['.jpg', '.jpeg', '.png', '.gif', '.webp'])
const VIDEO = new Set(['.mp4', '.webm', '.mov'])

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i > 0 ? process.argv[i + 1] : undefined
}

/** markdown-it as close to Obsidian's reading view as this needs: line breaks kept, callouts, wikilinks, embeds. */
function renderer(vault: string): MarkdownIt {
  const md = new MarkdownIt({ html: true, breaks: true, linkify: false })
  md.use(callouts)
  md.inline.ruler.before('link', 'wikilink', (state, silent) => {
    const m = /^(!?)\[\[([^\]|#]*)(#[^\]|]*)?(?:\|([^\]]*))?\]\]/.exec(state.src.slice(state.pos))
    if (!m) return false
    if (!silent) {
      const [, bang, path, , label] = m
      const file = pathToFileURL(join(vault, path!)).href
      const ext = extname(path!).toLowerCase()
      const t = state.push('html_inline', '', 0)
      if (bang && IMAGE.has(ext)) t.content = `<span class="internal-embed"><img src="${file}"></span>`
      else if (bang && VIDEO.has(ext)) t.content = `<span class="internal-embed"><video src="${file}" controls></video></span>`
      else if (bang) t.content = `<span class="internal-embed file-embed">🎧 ${md.utils.escapeHtml(path!.split('/').pop()!)}</span>`
      else t.content = `<a class="internal-link">${md.utils.escapeHtml(label ?? path!.split('/').pop()!)}</a>`
    }
    state.pos += m[0].length
    return true
  })
  return md
}

/** Obsidian's reading view: no frontmatter, block ids hidden, `[!type|meta]` split into its two attributes. */
function toHtml(md: MarkdownIt, note: string): string {
  const body = note.replace(/^---\n[\s\S]*?\n---\n/, '')
  return md.render(body)
    .replace(/<p>\^m\d+<\/p>\n?/g, '')
    .replace(/data-callout="([^"|]*)\|([^"]*)"/g, 'data-callout="$1" data-callout-metadata="$2"')
}

/** Obsidian's default theme variables and its plain callout look: what the notes look like without the snippet. */
const BASE_CSS = `
body { margin: 0; background: #ffffff; font: 15px/1.5 -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Color Emoji", sans-serif; color: #222; }
.markdown-preview-view { max-width: 760px; margin: 0 auto; padding: 16px 28px;
  --background-secondary: #f2f3f5; --background-modifier-hover: rgba(0,0,0,0.06); --text-muted: #6c6c6c;
  --text-accent: #705dcf; --color-green-rgb: 8, 185, 78; --color-green: #08b94e; }
.callout { --callout-color: 8, 109, 221; background: rgba(var(--callout-color), 0.1); border-left: 4px solid rgb(var(--callout-color));
  border-radius: 4px; padding: 10px 14px; margin: 12px 0; }
.callout-title { display: flex; gap: 6px; align-items: center; font-weight: 600; color: rgb(var(--callout-color)); }
.callout-title-icon svg { width: 16px; height: 16px; }
blockquote { border-left: 3px solid #ccc; margin: 4px 0; padding: 0 10px; color: #444; }
img, video { max-width: 100%; }
a.internal-link { color: #705dcf; text-decoration: underline; }
h1 { font-size: 1.6em; }
`

function page(title: string, html: string, snippet: string | undefined): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title><style>${BASE_CSS}</style>` +
    (snippet ? `<style>${snippet}</style>` : '') + `</head><body><div class="markdown-preview-view tobs">${html}</div></body></html>`
}

function shoot(htmlFile: string, png: string, height: number): void {
  execFileSync(CHROMIUM, [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run',
    '--allow-file-access-from-files', '--hide-scrollbars', `--window-size=820,${height}`, `--screenshot=${png}`, pathToFileURL(htmlFile).href,
  ], { stdio: 'ignore', timeout: 60_000 })
}

function notesOf(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith('.md') && !d.parentPath.includes('.tobs'))
    .map((d) => join(d.parentPath, d.name))
}

/** The notes worth a look: a private chat with my messages, a reply and a file; an album; a service line. */
function pick(vault: string): string[] {
  const notes = notesOf(vault).map((p) => ({ p, t: readFileSync(p, 'utf8') }))
  const score = (t: string, ...need: RegExp[]) => need.filter((r) => r.test(t)).length
  const best = (...need: RegExp[]) => notes.filter((n) => /\^m\d+/.test(n.t))
    .sort((a, b) => score(b.t, ...need) - score(a.t, ...need) || a.t.length - b.t.length)[0]?.p
  const picked = [
    best(/\[!tg-out/, /\[!tg\|c/, /^> > ↩ \*\*/m, /album\]/),
    best(/ album\]/, /!\[\[.*\.jpg\]\]/, /\[!tg-service\]/),
    best(/\[!tg-service\]/, /call/, /📊/),
  ]
  return [...new Set(picked.filter((p): p is string => p !== undefined))]
}

async function main(): Promise<void> {
  let vault = arg('--vault')
  if (!vault) {
    vault = mkdtempSync(join(tmpdir(), 'tobs-screens-vault-'))
    await runDemo({
      out: vault, seed: 1, messages: 3000, split: 'auto', timeZone: arg('--tz') ?? 'Europe/Berlin',
      media: { concurrency: 4, maxSize: 50 * 2 ** 20, kinds: new Set(ALL_FILE_KINDS) },
    }, silentProgress)
  }
  const out = arg('--out') ?? join(vault, '.tobs', 'screens')
  mkdirSync(out, { recursive: true })
  const snippetFile = join(vault, '.obsidian', 'snippets', 'tobs.css')
  const snippet = existsSync(snippetFile) ? readFileSync(snippetFile, 'utf8') : undefined
  const md = renderer(vault)
  const shots: { note: string; png: string; plain_png: string }[] = []
  for (const [i, note] of pick(vault).entries()) {
    // the first 60 messages are plenty for a screen: the note is cut at a block id line
    const text = readFileSync(note, 'utf8')
    const cut = text.split('\n\n').slice(0, 150).join('\n\n')
    const html = toHtml(md, cut)
    const base = join(out, `note-${i + 1}`)
    writeFileSync(`${base}.html`, page(relative(vault, note), html, snippet))
    writeFileSync(`${base}-plain.html`, page(relative(vault, note), html, undefined))
    shoot(`${base}.html`, `${base}.png`, 2200)
    shoot(`${base}-plain.html`, `${base}-plain.png`, 2200)
    shots.push({ note: relative(vault, note), png: `${base}.png`, plain_png: `${base}-plain.png` })
  }
  process.stdout.write(JSON.stringify({ vault, screenshots: shots }, null, 2) + '\n')
}

await main()
