// `tobs search` as a person runs it, on a vault exported from the simulator: Russian and Chinese
// queries find exactly the messages that hold them, newest first, each as a link that resolves.
import Database from 'better-sqlite3'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, writeSessionFile } from '../../src/sim/simulator.ts'
import { StateDb } from '../../src/vault/state.ts'
import { searchableText } from '../../src/vault/state/search.ts'
import { exportSim, tempVault, type Sim } from '../helpers.ts'
import { runTobs } from '../cli.ts'

interface Hit { chat_id: number; id: number; date: string; link: string; snippet: string; sender?: string }

const lines = (stdout: string): Hit[] => stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Hit)

/** The oracle: every stored message whose searchable text holds `needle`, without the index. */
function holding(vault: string, needle: string): string[] {
  const state = StateDb.open(vault)
  try {
    const out: string[] = []
    for (const { chat } of state.chats.all()) {
      const { firstId, lastId } = state.messages.stats(chat.id)
      for (let id = firstId ?? 1; id <= (lastId ?? 0); id++) {
        const m = state.messages.get(chat.id, id)
        if (m && searchableText(m).toLowerCase().includes(needle.toLowerCase())) out.push(`${chat.id}:${id}`)
      }
    }
    return out.sort()
  } finally {
    state.close()
  }
}

function expectResolves(vault: string, hit: Hit): void {
  const m = /^\[\[(.+)#\^m(\d+)\]\]$/.exec(hit.link)
  expect(m, hit.link).not.toBeNull()
  const note = join(vault, `${m![1]}.md`)
  expect(existsSync(note), note).toBe(true)
  expect(readFileSync(note, 'utf8')).toMatch(new RegExp(`\\^m${hit.id}$`, 'm'))
  expect(Number(m![2])).toBe(hit.id)
}

describe('tobs search', () => {
  let sim: Sim
  let session: string
  let vault: string

  beforeAll(async () => {
    sim = await startSimulator({ seed: 31, messages: 1500 })
    session = join(tempVault(), 'sim.json')
    await writeSessionFile(session, sim.session)
    vault = tempVault()
  })
  afterAll(() => sim?.close())

  it('indexes as `tobs export` writes, and finds Russian words in any case, newest first', async () => {
    const r = await runTobs(['export', '--session', session, '--kinds', 'channel,supergroup,forum,private',
      '--out', vault, '--no-media', '--json'])
    expect(r.code, r.stderr).toBe(0)
    const db = new Database(join(vault, '.tobs', 'state.db'), { readonly: true })
    const indexed = db.prepare('SELECT (SELECT count(*) FROM search_docs) AS docs, (SELECT count(*) FROM search_pending) AS pending').get()
    db.close()
    expect(indexed).toMatchObject({ pending: 0, docs: expect.any(Number) })
    expect((indexed as { docs: number }).docs).toBeGreaterThan(500)
    const want = holding(vault, 'спасибо')
    expect(want.length).toBeGreaterThan(5)
    const s = await runTobs(['search', 'СПАСИБО', '--out', vault, '--json', '--limit', '100000'])
    expect(s.code, s.stderr).toBe(0)
    const hits = lines(s.stdout)
    expect(hits.map((h) => `${h.chat_id}:${h.id}`).sort()).toEqual(want)
    const dates = hits.map((h) => h.date)
    expect(dates).toEqual([...dates].sort().reverse())
    for (const h of hits) {
      expect(h.snippet.toLowerCase()).toContain('спасибо')
      expectResolves(vault, h)
    }
  })

  it('finds Chinese words, two characters or longer, in one chat or all', async () => {
    for (const word of ['你好', '世界']) {
      const want = holding(vault, word)
      expect(want.length, word).toBeGreaterThan(5)
      const hits = lines((await runTobs(['search', word, '--out', vault, '--json', '--limit', '100000'])).stdout)
      expect(hits.map((h) => `${h.chat_id}:${h.id}`).sort(), word).toEqual(want)
      const chat = hits[0]!.chat_id
      const inChat = lines((await runTobs(['search', word, '--chat', String(chat), '--out', vault, '--json', '--limit', '100000'])).stdout)
      expect(inChat.map((h) => `${h.chat_id}:${h.id}`).sort()).toEqual(want.filter((k) => k.startsWith(`${chat}:`)))
      for (const h of inChat.slice(0, 5)) expectResolves(vault, h)
    }
  })

  it('builds the index once for a vault exported without it', async () => {
    const old = tempVault()
    await exportSim(sim, old, { targets: [], kinds: ['supergroup'] }) // runExport alone never indexes
    expect(existsSync(join(old, '.tobs', 'state.db'))).toBe(true)
    const want = holding(old, 'привет')
    expect(want.length).toBeGreaterThan(0)
    const hits = lines((await runTobs(['search', 'Привет', '--out', old, '--json', '--limit', '100000'])).stdout)
    expect(hits.map((h) => `${h.chat_id}:${h.id}`).sort()).toEqual(want)
  })

  it('says in one line when the chat or the vault is unknown', async () => {
    const badChat = await runTobs(['search', 'мир', '--chat', 'no such chat', '--out', vault])
    expect(badChat.code).toBe(2)
    expect(badChat.stderr.trim().split('\n')).toHaveLength(1)
    expect(badChat.stderr).toMatch(/no such chat/)
    const noVault = await runTobs(['search', 'мир', '--out', tempVault()])
    expect(noVault.code).toBe(1)
    expect(noVault.stderr).toMatch(/holds no tobs vault/)
  })
})

describe('indexing after a run, on a terminal', () => {
  it('is announced after the summary when it will take a while, and not when there is little to index', async () => {
    const sim = await startSimulator({ seed: 7, messages: 8000 })
    try {
      const session = join(tempVault(), 'sim.json')
      await writeSessionFile(session, sim.session)
      const vault = tempVault()
      const args = ['export', '--session', session, '--kinds', 'channel,supergroup,forum,private,group', '--out', vault, '--no-media']
      const first = await runTobs(args, { tty: true, env: { NO_COLOR: '1' } })
      expect(first.code, first.stderr).toBe(0)
      const said = /indexing ([\d,]+) messages for tobs search…/.exec(first.stderr)
      expect(said, first.stderr.slice(-400)).not.toBeNull()
      expect(first.stderr.lastIndexOf('Exported')).toBeGreaterThan(-1)
      expect(first.stderr.lastIndexOf('Exported')).toBeLessThan(said!.index)
      const state = StateDb.open(vault)
      const stored = state.chats.all().reduce((n, { chat }) => n + state.messages.stats(chat.id).count, 0)
      const left = state.search.pendingCount()
      state.close()
      expect(Number(said![1].replaceAll(',', ''))).toBe(stored)
      expect(left).toBe(0)
      // a rerun stores nothing new: nothing to announce
      const again = await runTobs(args, { tty: true, env: { NO_COLOR: '1' } })
      expect(again.code, again.stderr).toBe(0)
      expect(again.stderr).not.toContain('indexing')
    } finally {
      await sim.close()
    }
  }, 90_000)
})
