// Notes sized to the chat, on local dates, rewritten in a new layout when the split or zone changes,
// and left alone by a rerun that brings nothing new (issue 13; the split change of issue 16).
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator } from '../../src/sim/simulator.ts'
import { verifyVault } from '../../src/vault/verify.ts'
import { exportSim, tempVault, type Sim } from '../helpers.ts'

/** Every file under the vault (settings folder included, not the state database): path -> [mtime, bytes]. */
function snapshot(root: string): Map<string, [number, string]> {
  const out = new Map<string, [number, string]>()
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === '.tobs') continue
      const p = join(dir, name)
      const st = statSync(p)
      if (st.isDirectory()) walk(p)
      else out.set(relative(root, p), [st.mtimeMs, readFileSync(p, 'latin1')])
    }
  }
  walk(root)
  return out
}

function notesIn(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith('.md'))
    .map((d) => relative(dir, join(d.parentPath, d.name)))
}

function folderOf(out: string, id: number): string {
  return join(out, readdirSync(out).find((f) => f.endsWith(`(${id})`))!)
}

/** The chat's (or topic's) index note: the note whose frontmatter starts with tg_id. */
function indexIn(dir: string): string {
  return join(dir, readdirSync(dir).find((f) => f.endsWith('.md') && readFileSync(join(dir, f), 'utf8').startsWith('---\ntg_id:'))!)
}

function frontmatter(path: string): Record<string, string> {
  const fm = readFileSync(path, 'utf8').split('\n---\n')[0]!
  return Object.fromEntries(fm.split('\n').slice(1).filter((l) => /^\w+: /.test(l)).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]))
}

describe('notes sized to the chat, on local dates', () => {
  let sim: Sim
  beforeAll(async () => {
    sim = await startSimulator({ seed: 3, messages: 3000 })
  })
  afterAll(async () => {
    await sim?.close()
  })

  it('keeps a small chat or topic in one note and splits a large one, with counts in the index', async () => {
    const out = tempVault()
    const written = new Map<number, number>()
    await exportSim(sim, out, { split: 'auto', timeZone: 'UTC' }, { chatFinished: (p) => written.set(p.chatId, p.notes ?? 0) })
    expect(verifyVault(out).problems).toEqual([])
    let small = 0
    let large = 0
    const byYear: number[] = []
    for (const chat of sim.world.chats.filter((c) => c.kind !== 'forum')) {
      const dir = folderOf(out, chat.id)
      const count = [...sim.world.ids(chat.id)].length
      const notes = notesIn(dir).filter((n) => !n.includes('/') || /^\d{4}\//.test(n))
      if (count <= 500) {
        small++
        expect(notes.sort(), chat.title).toEqual(['messages.md', relative(dir, indexIn(dir))].sort())
        expect(readdirSync(dir).filter((f) => /^\d{4}$/.test(f)), 'no year folders').toEqual([])
      } else {
        large++
        expect(notes.filter((n) => /^\d{4}/.test(n)).length, chat.title).toBeGreaterThan(1)
        if (notes.every((n) => /^\d{4}\.md$/.test(n) || !/^\d{4}/.test(n))) byYear.push(chat.id)
      }
      const index = readFileSync(indexIn(dir), 'utf8')
      const counted = [...index.matchAll(/\]\] \((\d+) messages?\)$/gm)].reduce((n, m) => n + Number(m[1]), 0)
      expect(counted, `counts in the index of ${chat.title}`).toBe(count)
    }
    expect(small).toBeGreaterThan(0)
    expect(large).toBeGreaterThan(0)
    // a large chat this sparse (under 500 messages a year) starts by year, as its dates ask: it writes
    // no more notes than an export by year does (it used to start by month, then lay out again at its end)
    expect(byYear.length).toBeGreaterThan(0)
    const yearly = new Map<number, number>()
    await exportSim(sim, tempVault(), { split: 'year', timeZone: 'UTC' }, { chatFinished: (p) => yearly.set(p.chatId, p.notes ?? 0) })
    for (const id of byYear) expect(written.get(id), `notes written for chat ${id}`).toBe(yearly.get(id))
    // a forum topic sized on its own, with the frontmatter of an index note
    const forum = sim.world.chats.find((c) => c.kind === 'forum')!
    const forumDir = folderOf(out, forum.id)
    const topicDir = readdirSync(forumDir).find((f) => /\(\d+\)$/.test(f) && statSync(join(forumDir, f)).isDirectory())!
    const topicId = Number(/\((\d+)\)$/.exec(topicDir)![1])
    const fm = frontmatter(indexIn(join(forumDir, topicDir)))
    expect(fm.tg_topic_id).toBe(String(topicId))
    expect(Number(fm.message_count)).toBeGreaterThan(0)
    expect(Number(fm.first_id)).toBeLessThanOrEqual(Number(fm.last_id))
    expect(fm.time_zone).toBe('"UTC"')
    const ids = verifyVault(out).messageIds.get(relative(out, forumDir))!
    expect(ids.length).toBeGreaterThan(0)
  })

  it('splits on the dates of --tz, and shows times in that zone', async () => {
    const out = tempVault()
    await exportSim(sim, out, { split: 'day', timeZone: 'Pacific/Kiritimati' })
    expect(verifyVault(out).problems).toEqual([])
    let checked = 0
    for (const chat of sim.world.chats.filter((c) => c.kind === 'private')) {
      const dir = folderOf(out, chat.id)
      for (const note of notesIn(dir).filter((n) => /\d{4}-\d\d-\d\d\.md$/.test(n))) {
        const day = note.slice(-13, -3)
        const text = readFileSync(join(dir, note), 'utf8')
        expect(text).toContain('time_zone: "Pacific/Kiritimati"')
        for (const m of text.matchAll(/^> \[!tg[^\]]*\] .*?(\d{4}-\d\d-\d\d) \d\d:\d\d/gm)) {
          expect(m[1], note).toBe(day)
          checked++
        }
      }
    }
    expect(checked).toBeGreaterThan(50)
  })

  it('rewrites a chat in the new layout when --split changes, removing only the notes tobs wrote', async () => {
    const out = tempVault()
    await exportSim(sim, out, { split: 'month', timeZone: 'UTC' })
    const chat = sim.world.chats.find((c) => c.kind === 'private')!
    const dir = folderOf(out, chat.id)
    expect(notesIn(dir).some((n) => /\d{4}-\d\d\.md$/.test(n))).toBe(true)
    const mine = join(dir, readdirSync(dir).find((f) => /^\d{4}$/.test(f))!, 'my thoughts.md')
    writeFileSync(mine, 'notes of my own\n')
    await exportSim(sim, out, { split: 'year', timeZone: 'UTC' })
    expect(verifyVault(out).problems).toEqual([])
    const notes = notesIn(dir)
    expect(notes.filter((n) => /\d{4}-\d\d\.md$/.test(n))).toEqual([])
    expect(notes.filter((n) => /^\d{4}\.md$/.test(n)).length).toBeGreaterThan(0)
    expect(readFileSync(mine, 'utf8')).toBe('notes of my own\n')
    // and back to one note per chat: the year notes go, empty year folders too
    await exportSim(sim, out, { split: 'none', timeZone: 'UTC' })
    expect(verifyVault(out).problems).toEqual([])
    expect(notesIn(dir).filter((n) => /^\d{4}/.test(n) && !n.endsWith('my thoughts.md'))).toEqual([])
    expect(existsSync(join(dir, 'messages.md'))).toBe(true)
    expect(existsSync(mine)).toBe(true)
  })

  it('leaves every file untouched, exported_at included, on a rerun that brings nothing new', async () => {
    const out = tempVault()
    await exportSim(sim, out, { split: 'auto', timeZone: 'UTC' })
    const before = snapshot(out)
    expect([...before.keys()]).toContain('.obsidian/snippets/tobs.css')
    await new Promise((r) => setTimeout(r, 20))
    await exportSim(sim, out, { split: 'auto', timeZone: 'UTC' })
    const after = snapshot(out)
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort())
    const changed = [...before].filter(([p, [mtime, bytes]]) => after.get(p)![0] !== mtime || after.get(p)![1] !== bytes).map(([p]) => p)
    expect(changed).toEqual([])
  })

  it('enables its CSS snippet in a new vault, and only names it in an existing one', async () => {
    const fresh = tempVault()
    await exportSim(sim, fresh, { targets: ['me'], kinds: [] })
    expect(readFileSync(join(fresh, '.obsidian/snippets/tobs.css'), 'utf8')).toContain('data-callout="tg-out"')
    expect(JSON.parse(readFileSync(join(fresh, '.obsidian/appearance.json'), 'utf8')).enabledCssSnippets).toEqual(['tobs'])
    const existing = tempVault()
    const settings = join(existing, '.obsidian')
    await import('node:fs/promises').then((fs) => fs.mkdir(settings, { recursive: true }))
    writeFileSync(join(settings, 'appearance.json'), '{"theme":"obsidian"}')
    const warnings: string[] = []
    await exportSim(sim, existing, { targets: ['me'], kinds: [] }, { warn: (w: string) => warnings.push(w) })
    expect(readFileSync(join(settings, 'appearance.json'), 'utf8')).toBe('{"theme":"obsidian"}')
    expect(existsSync(join(settings, 'snippets/tobs.css'))).toBe(true)
    expect(warnings.filter((w) => w.includes('CSS snippets'))).toHaveLength(1)
  })
})
