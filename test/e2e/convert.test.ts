// `tobs convert` of real Telegram Desktop exports: every message exactly once, every link and embed
// resolving (media the export lacks become placeholders), replies as wikilinks, and bad input
// failing with one line that names the place while the vault already there stays as it was.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { runConvert } from '../../src/export/run-convert.ts'
import { verifyVault } from '../../src/vault/verify.ts'
import { defaultMedia, tempVault } from '../helpers.ts'

const fixture = (name: string) => fileURLToPath(new URL(`../../../shared/fixtures/desktop-export/${name}`, import.meta.url))
const REPO = fileURLToPath(new URL('../../', import.meta.url))
const FIXTURES = ['supergroup-2022.json', 'tg2md-channel-2021.json']

interface RawExport { id: number; messages: { id: number; reply_to_message_id?: number; photo?: string; file?: string }[] }
const raw = (name: string) => JSON.parse(readFileSync(fixture(name), 'utf8')) as RawExport

/** Text of each message block of a chat folder's notes, by message id (a block ends at its `^m<id>`). */
function blocks(vault: string, folder: string): Map<number, string> {
  const out = new Map<number, string>()
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name)
      if (statSync(p).isDirectory()) walk(p)
      else if (name.endsWith('.md')) {
        let block: string[] = []
        for (const line of readFileSync(p, 'utf8').split('\n')) {
          const id = /(?:^|\s)\^m(\d+)$/.exec(line)
          block.push(line)
          if (id) {
            out.set(Number(id[1]), block.join('\n'))
            block = []
          }
        }
      }
    }
  }
  walk(join(vault, folder))
  return out
}

/** Every file under `root` with its bytes, to prove a failed run touched nothing. */
function snapshot(root: string): Map<string, string> {
  const out = new Map<string, string>()
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name)
      if (name === '.tobs') continue
      if (statSync(p).isDirectory()) walk(p)
      else out.set(relative(root, p).split(sep).join('/'), readFileSync(p).toString('base64'))
    }
  }
  walk(root)
  return out
}

function tobs(...args: string[]): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/tobs.js', ...args], { cwd: REPO, encoding: 'utf8', timeout: 60_000 })
  return { status: r.status, stderr: r.stderr }
}

describe('convert of real Desktop exports', () => {
  const vault = tempVault()

  beforeAll(async () => {
    for (const name of FIXTURES) await runConvert({ input: fixture(name), out: vault, split: 'month', media: defaultMedia })
  })

  it('keeps every message exactly once, and every link and embed resolves', () => {
    const report = verifyVault(vault)
    expect(report.problems).toEqual([])
    for (const name of FIXTURES) {
      const r = raw(name)
      const folder = readdirSync(vault).find((f) => f.endsWith(`(${r.id})`))
      expect(folder, name).toBeDefined()
      const ids = [...report.messageIds.get(folder!)!].sort((a, b) => a - b)
      expect(ids).toEqual(r.messages.map((m) => m.id).sort((a, b) => a - b))
    }
  })

  // issue 13 changed the reply line on purpose: the parent's sender and first words instead of "reply to message N"
  it('writes replies as wikilinks to the parent block with its sender and first words, and a reply to a missing message as text', () => {
    const r = raw('supergroup-2022.json')
    const folder = readdirSync(vault).find((f) => f.endsWith(`(${r.id})`))!
    const byId = blocks(vault, folder)
    const present = new Set(r.messages.map((m) => m.id))
    const replies = r.messages.filter((m) => m.reply_to_message_id !== undefined)
    expect(replies.length).toBeGreaterThan(40)
    for (const m of replies) {
      const parent = m.reply_to_message_id!
      const block = byId.get(m.id)!
      if (present.has(parent)) {
        expect(block, `message ${m.id}`).toMatch(new RegExp(`> > ↩ (\\*\\*[^\\n]+\\*\\* · )?\\[\\[${folder.replace(/[()]/g, '\\$&')}/[^\\]]*#\\^m${parent}\\|[^\\]]+\\]\\]`))
        expect(block, `message ${m.id}`).not.toContain(`reply to message ${parent}`)
      } else expect(block, `message ${m.id}`).toContain(`↩ reply to message ${parent} (not in this export)`)
    }
  })

  it('shows media the export does not hold as placeholders, never as embeds', () => {
    for (const name of FIXTURES) {
      const r = raw(name)
      const folder = readdirSync(vault).find((f) => f.endsWith(`(${r.id})`))!
      const byId = blocks(vault, folder)
      const withFiles = r.messages.filter((m) => m.photo !== undefined || m.file !== undefined)
      expect(withFiles.length).toBeGreaterThan(0)
      for (const m of withFiles) {
        expect(byId.get(m.id), `${name} message ${m.id}`).toMatch(/— not downloaded: /)
        expect(byId.get(m.id)).not.toContain('![[')
      }
    }
  })
})

describe('tobs convert on bad input', () => {
  const vault = tempVault()
  let before: Map<string, string>

  beforeAll(async () => {
    await runConvert({ input: fixture('tg2md-channel-2021.json'), out: vault, split: 'month', media: false })
    before = snapshot(vault)
    expect(before.size).toBeGreaterThan(2)
  })

  it('a folder without result.json: exit code 1, one line naming the folder, the vault intact', () => {
    const empty = tempVault()
    const r = tobs('convert', empty, '--out', vault, '--quiet')
    expect(r.status).toBe(1)
    const lines = r.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain(empty)
    expect(lines[0]).toContain('result.json')
    expect(snapshot(vault)).toEqual(before)
  })

  it('a truncated result.json: exit code 1, one line naming the file and where it broke, the vault intact', () => {
    const dir = join(tempVault(), 'export')
    mkdirSync(dir)
    const whole = JSON.stringify({
      name: 'Cut', type: 'private_group', id: 99,
      messages: [1, 2, 3].map((id) => ({ id, type: 'message', date: '2024-01-02T03:04:05', date_unixtime: String(1704164645 + id), from: 'Ann', from_id: 'user7', text: `m${id}` })),
    }, null, 1)
    writeFileSync(join(dir, 'result.json'), whole.slice(0, Math.floor(whole.length * 0.7)))
    const r = tobs('convert', dir, '--out', vault, '--quiet')
    expect(r.status).toBe(1)
    const lines = r.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain(join(dir, 'result.json'))
    expect(lines[0]).toMatch(/truncated|unexpected end/i)
    expect(snapshot(vault)).toEqual(before)
  })

  it('a path that does not exist: exit code 1, one line naming it', () => {
    const missing = join(tempVault(), 'nope')
    const r = tobs('convert', missing, '--out', vault, '--quiet')
    expect(r.status).toBe(1)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toContain(missing)
    expect(snapshot(vault)).toEqual(before)
  })
})
