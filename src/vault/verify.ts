// Checks a vault against its contract (DESIGN.md section 2): every message block id once per chat and
// ascending inside a note, every wikilink and embed resolving. Used by tests and by `tobs verify`.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'

export interface VaultReport {
  notes: number
  /** block ids `^m<id>` per chat folder */
  messageIds: Map<string, number[]>
  links: number
  problems: string[]
}

const LINK = /(!?)\[\[([^\]|#]*)(?:#([^\]|]*))?(?:\|[^\]]*)?\]\]/g
const BLOCK_ID = /(?:^|\s)\^(m\d+)$/

export function verifyVault(root: string): VaultReport {
  const report: VaultReport = { notes: 0, messageIds: new Map(), links: 0, problems: [] }
  const files = new Set<string>()
  const notes: string[] = []
  walk(root, root, files, notes)
  const blockIds = new Map<string, Set<string>>()
  const parsed = notes.map((rel) => {
    const text = readFileSync(join(root, rel), 'utf8')
    const { ids, links } = scanNote(text)
    blockIds.set(rel.replace(/\.md$/, ''), new Set(ids.map((i) => i.id)))
    return { rel, ids, links }
  })
  for (const { rel, ids, links } of parsed) {
    report.notes++
    const chat = rel.split('/')[0]!
    const list = report.messageIds.get(chat) ?? []
    let prev = -Infinity
    for (const { id, line } of ids) {
      const n = Number(id.slice(1))
      if (n <= prev) report.problems.push(`${rel}:${line}: ^${id} is not in ascending order`)
      prev = n
      list.push(n)
    }
    report.messageIds.set(chat, list)
    for (const l of links) {
      report.links++
      const target = l.path || rel.replace(/\.md$/, '')
      if (l.embed || /\.[a-z0-9]{1,5}$/i.test(target) && !target.endsWith('.md')) {
        if (!files.has(target)) report.problems.push(`${rel}:${l.line}: embed/link to missing file ${target}`)
        continue
      }
      const note = target.replace(/\.md$/, '')
      const ids = blockIds.get(note)
      if (!ids) report.problems.push(`${rel}:${l.line}: link to missing note ${note}`)
      else if (l.block?.startsWith('^') && !ids.has(l.block.slice(1))) {
        report.problems.push(`${rel}:${l.line}: link to missing block ${note}#${l.block}`)
      }
    }
  }
  for (const [chat, ids] of report.messageIds) {
    const seen = new Set<number>()
    for (const id of ids) {
      if (seen.has(id)) report.problems.push(`${chat}: message ${id} appears more than once`)
      seen.add(id)
    }
  }
  return report
}

function walk(root: string, dir: string, files: Set<string>, notes: string[]): void {
  if (!existsSync(dir)) return
  for (const name of readdirSync(dir)) {
    if (name.startsWith('.')) continue
    const p = join(dir, name)
    const rel = relative(root, p).split(sep).join('/')
    if (statSync(p).isDirectory()) walk(root, p, files, notes)
    else {
      files.add(rel)
      if (name.endsWith('.md')) notes.push(rel)
    }
  }
}

interface Scan {
  ids: { id: string; line: number }[]
  links: { embed: boolean; path: string; block?: string; line: number }[]
}

/** Block ids and links of a note, outside code (Obsidian ignores links in code). */
export function scanNote(text: string): Scan {
  const out: Scan = { ids: [], links: [] }
  const lines = text.split('\n')
  let fence: string | undefined
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    const bare = line.replace(/^(?:>\s?)+/, '')
    const f = /^(`{3,}|~{3,})/.exec(bare.trimStart())
    if (f) {
      if (!fence) fence = f[1]
      else if (f[1]!.startsWith(fence[0]!) && f[1]!.length >= fence.length) fence = undefined
      continue
    }
    if (fence) continue
    const id = BLOCK_ID.exec(line)
    if (id) out.ids.push({ id: id[1]!, line: i + 1 })
    const code = line.replace(/(`+)[\s\S]*?\1/g, '')
    for (const m of code.matchAll(LINK)) {
      out.links.push({ embed: m[1] === '!', path: m[2]!.trim(), block: m[3], line: i + 1 })
    }
  }
  return out
}
