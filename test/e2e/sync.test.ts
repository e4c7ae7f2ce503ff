// `tobs sync` and `tobs status` against the simulator: a chat set of 8 kept up to date, an unchanged
// set costing at most 3 requests per chat (server counters), changes reported per chat, bad sync files
// as one line naming the place, one sync per vault and account, status after an interrupted sync.
import Database from 'better-sqlite3'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, writeSessionFile } from '../../src/sim/simulator.ts'
import { lockVault } from '../../src/vault/lock.ts'
import type { SyncResult } from '../../src/export/run-sync.ts'
import type { ChatStatus } from '../../src/export/sync-status.ts'
import { tempVault, type Sim } from '../helpers.ts'
import { FakeSignals, runTobs } from '../cli.ts'

const CHATS = ['"@sim_news"', '"@sim_forum"', '"@sim_dev_talk"', '"@alice"', '"@bob_b"', 'me', '"@sim_helper_bot"']

function syncFile(dir: string, session: string, body = CHATS.map((c) => `  - chat: ${c}`).join('\n') + '\n  - kinds: [group]\n'): string {
  mkdirSync(dir, { recursive: true })
  const file = join(dir, 'tobs.yaml')
  writeFileSync(file, `vault: ./vault\nsession: ${session}\nmedia: false\nrefresh: 50\nchats:\n${body}`)
  return file
}

const total = (calls: Record<string, number>) => Object.values(calls).reduce((a, b) => a + b, 0)
const lines = <T>(stdout: string): T[] => stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as T)

describe('tobs sync', () => {
  let sim: Sim
  let session: string

  beforeAll(async () => {
    sim = await startSimulator({ seed: 21, messages: 1600 })
    session = join(tempVault(), 'sim.json')
    await writeSessionFile(session, sim.session)
  })
  afterAll(() => sim?.close())

  it('brings 8 chats up to date, then costs at most 3 requests per unchanged chat, and reports changes', async () => {
    const dir = tempVault()
    const file = syncFile(dir, session)
    const first = await runTobs(['sync', '--config', file, '--json'])
    expect(first.code, first.stderr).toBe(0)
    const [run1] = lines<SyncResult>(first.stdout)
    expect(run1!.chats).toHaveLength(8)
    for (const c of run1!.chats) expect(c.added, c.title).toBe(sim.world.count(c.chat_id))

    const before = { ...sim.counters().calls }
    const again = await runTobs(['sync', '--config', file, '--json'])
    expect(again.code, again.stderr).toBe(0)
    const after = sim.counters().calls
    const spent = total(after) - total(before)
    expect(spent, JSON.stringify(after)).toBeLessThanOrEqual(3 * 8)
    expect((after['messages.getHistory'] ?? 0) - (before['messages.getHistory'] ?? 0)).toBe(0)
    const [run2] = lines<SyncResult>(again.stdout)
    expect(run2!.chats.every((c) => c.added === 0 && c.refreshed === 0)).toBe(true)

    // not the channel: other chats' forwards are built from its newest posts, and would change with it
    const news = sim.world.chats.find((c) => c.username === 'sim_dev_talk')!
    const newest = [...sim.world.idsDesc(news.id)].slice(0, 10)
    sim.world.edit(news.id, newest[2]!)
    sim.world.delete(news.id, newest[4]!)
    sim.world.grow(news.id, 7)
    const grown = sim.world.count(news.id) - (run1!.chats.find((c) => c.chat_id === news.id)!.added - 1)
    const third = await runTobs(['sync', '--config', file, '--json'])
    expect(third.code, third.stderr).toBe(0)
    const changed = lines<SyncResult>(third.stdout)[0]!.chats.filter((c) => c.added || c.refreshed)
    expect(changed).toEqual([{ chat_id: news.id, title: news.title, added: grown, refreshed: 2 }])

    const status = await runTobs(['status', '--config', file, '--json'])
    expect(status.code, status.stderr).toBe(0)
    const rows = lines<ChatStatus>(status.stdout)
    expect(rows).toHaveLength(8)
    for (const r of rows) expect(r).toMatchObject({ state: 'synced', gaps: [], messages: sim.world.count(r.chat_id) })
  })

  it('names the place of a bad chat, a bad key or a bad value in one line', async () => {
    const bad = async (body: string) => {
      const r = await runTobs(['sync', '--config', syncFile(tempVault(), session, body)])
      expect(r.code).toBe(2)
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
      return r.stderr.trim()
    }
    expect(await bad('  - chat: "@sim_news"\n  - chat: "@no_such_chat_here"\n')).toMatch(/^tobs: .*tobs\.yaml: chats\[1\]\.chat: .*no_such_chat_here/)
    expect(await bad('  - chat: "@sim_news"\n    colour: red\n')).toMatch(/tobs\.yaml:7:5: chats\[0\]: unknown key "colour"/)
    expect(await bad('  - chat: "@sim_news"\n    refresh: lots\n')).toMatch(/tobs\.yaml:7:14: chats\[0\]\.refresh: .*number/)
    expect(await bad('  - kinds: [channels]\n')).toMatch(/tobs\.yaml:6:13: chats\[0\]\.kinds\[0\]: .*"channel"/)
    expect(await bad('  - chat: "https://example.com/x"\n')).toMatch(/chats\[0\]\.chat: /)
  })

  it('refuses a second sync on the same vault or the same account', async () => {
    const dir = tempVault()
    const file = syncFile(dir, session, '  - chat: "@sim_news"\n')
    const unlock = lockVault(join(dir, 'vault', '.tobs', 'sync'))
    try {
      const r = await runTobs(['sync', '--config', file])
      expect(r.code).toBe(1)
      expect(r.stderr.trim()).toMatch(/^tobs: another tobs sync is running on the vault .*\(pid \d+\)$/)
    } finally {
      unlock()
    }
    const other = tempVault()
    const unlockAccount = lockVault(`${session}.sync`)
    try {
      const r = await runTobs(['sync', '--config', syncFile(other, session, '  - chat: "@sim_news"\n')])
      expect(r.code).toBe(1)
      expect(r.stderr.trim()).toMatch(/another tobs sync is running on the account of /)
    } finally {
      unlockAccount()
    }
  })

  it('shows an interrupted sync in `tobs status`, and the next sync completes it', async () => {
    const slow = await startSimulator({ seed: 22, messages: 20000, knobs: { latencyMs: { 2: 30 } } })
    try {
      const slowSession = join(tempVault(), 'slow.json')
      await writeSessionFile(slowSession, slow.session)
      const dir = tempVault()
      const file = syncFile(dir, slowSession, '  - chat: "@sim_dev_talk"\n  - chat: "@sim_news"\n')
      const signals = new FakeSignals()
      const running = runTobs(['sync', '--config', file, '--json'], { signals })
      // stop once the second chat has part, not all, of its messages stored
      const db = join(dir, 'vault', '.tobs', 'state.db')
      const target = slow.world.chats.find((c) => c.username === 'sim_news')!
      for (let i = 0; i < 4000; i++) {
        await new Promise((r) => setTimeout(r, 5))
        const n = stored(db, target.id)
        if (n > 0) {
          expect(n).toBeLessThan(slow.world.count(target.id))
          break
        }
      }
      signals.send('SIGINT')
      const r = await running
      expect(r.code).toBe(130)
      expect(r.stderr.trim()).toMatch(/^tobs: interrupted/)
      const rows = lines<ChatStatus>((await runTobs(['status', '--config', file, '--json'])).stdout)
      const news = rows.find((x) => x.chat_id === target.id)!
      expect(news.state).toBe('interrupted')
      expect(news.last_sync).toBeUndefined()
      expect(news.messages).toBeLessThan(slow.world.count(target.id))
      const talk = rows.find((x) => x.title.startsWith('Dev'))!
      expect(talk).toMatchObject({ state: 'synced', gaps: [], messages: slow.world.count(talk.chat_id) })

      const again = await runTobs(['sync', '--config', file, '--json'])
      expect(again.code, again.stderr).toBe(0)
      const done = lines<ChatStatus>((await runTobs(['status', '--config', file, '--json'])).stdout)
      expect(done).toHaveLength(2)
      for (const x of done) expect(x).toMatchObject({ state: 'synced', gaps: [], messages: slow.world.count(x.chat_id) })
    } finally {
      await slow.close()
    }
  })
})

function stored(path: string, chatId: number): number {
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true })
    try {
      return (db.prepare('SELECT count(*) AS n FROM messages WHERE chat_id = ?').get(chatId) as { n: number }).n
    } finally {
      db.close()
    }
  } catch {
    return 0
  }
}
