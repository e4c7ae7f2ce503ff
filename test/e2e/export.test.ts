// The first end-to-end path: the real mtcute client exports a simulated world over TCP into a vault.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator } from '../../src/sim/simulator.ts'
import { verifyVault } from '../../src/vault/verify.ts'
import { rebuildVault } from '../../src/export/rebuild.ts'
import { defaultMedia, exportSim, idsInVault, tempVault, vaultFiles, worldIds, type Sim } from '../helpers.ts'

/** A vault's files after `tobs render` with the same layout: the notes as the database alone makes them. */
async function rebuilt(out: string): Promise<Map<string, string>> {
  await rebuildVault(out, { split: 'month', timeZone: 'UTC' })
  return vaultFiles(out, { blankExportedAt: true })
}

function notesOf(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith('.md') && !d.parentPath.includes('.tobs'))
    .map((d) => join(d.parentPath, d.name))
}

describe('export of a simulated world', () => {
  let sim: Sim
  let out: string

  beforeAll(async () => {
    sim = await startSimulator({ seed: 11, messages: 2500 })
    out = tempVault()
  })
  afterAll(async () => {
    await sim?.close()
  })

  it('writes every message of every chat exactly once, and every link resolves', async () => {
    const summary = await exportSim(sim, out)
    const report = verifyVault(out)
    expect(report.problems).toEqual([])
    let total = 0
    for (const chat of sim.world.chats) {
      const folder = readdirSync(out).find((f) => f.endsWith(`(${chat.id})`))
      expect(folder, `folder of ${chat.title}`).toBeDefined()
      const ids = [...(report.messageIds.get(folder!) ?? [])].sort((a, b) => a - b)
      expect(ids).toEqual(worldIds(sim, chat.id))
      total += ids.length
    }
    expect(summary.messages).toBe(total)
    expect(summary.chats).toBe(sim.world.chats.length)
  })

  it('writes no raw TL names and no unsupported placeholders into notes', () => {
    const tl = /\b(?:message(?:Action|Media|Entity|Service)[A-Z]\w*|input(?:Peer|User|Channel)\w*|peer(?:User|Chat|Channel)\b)/
    for (const note of notesOf(out)) {
      const text = readFileSync(note, 'utf8')
      expect(tl.exec(text)?.[0], note).toBeUndefined()
      expect(text, note).not.toMatch(/undefined|NaN|\[object Object\]/)
    }
  })

  it('writes an index note with the contract frontmatter', () => {
    const chat = sim.world.chats.find((c) => c.kind === 'channel')!
    const folder = readdirSync(out).find((f) => f.endsWith(`(${chat.id})`))!
    const index = readdirSync(join(out, folder)).find((f) => f.endsWith('.md'))!
    const text = readFileSync(join(out, folder, index), 'utf8')
    expect(text.startsWith('---\n')).toBe(true)
    expect(text).toMatch(new RegExp(`^tg_id: ${chat.id}$`, 'm'))
    expect(text).toMatch(/^tg_type: "?channel"?$/m)
    const ids = worldIds(sim, chat.id)
    expect(text).toMatch(new RegExp(`^message_count: ${ids.length}$`, 'm'))
    expect(text).toMatch(new RegExp(`^first_id: ${ids[0]}$`, 'm'))
    expect(text).toMatch(new RegExp(`^last_id: ${ids.at(-1)}$`, 'm'))
  })

  it('gives every forum topic its own folder', () => {
    const forum = sim.world.chats.find((c) => c.kind === 'forum')!
    const folder = readdirSync(out).find((f) => f.endsWith(`(${forum.id})`))!
    const sub = readdirSync(join(out, folder), { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== '_media')
    const withMessages = forum.topics!.filter((t) => sim.world.count(forum.id, t.id) > 0)
    for (const t of withMessages) expect(sub.some((d) => d.name.endsWith(`(${t.id})`)), t.title).toBe(true)
  })

  it('a rerun over unchanged chats costs one request per chat and rewrites nothing', async () => {
    const before = sim.counters().calls['messages.getHistory'] ?? 0
    const summary = await exportSim(sim, out)
    const after = sim.counters().calls['messages.getHistory'] ?? 0
    expect(summary.messages).toBe(0)
    expect(summary.notes_written).toBe(0)
    // one count request and one empty page per chat
    expect(after - before).toBeLessThanOrEqual(2 * sim.world.chats.length)
    expect(verifyVault(out).problems).toEqual([])
  })

  it('a rerun after the chat grows appends only the new messages', async () => {
    const chat = sim.world.chats.find((c) => c.kind === 'supergroup')!
    sim.world.grow(chat.id, 150)
    const summary = await exportSim(sim, out)
    expect(summary.messages).toBe(150)
    const report = verifyVault(out)
    expect(report.problems).toEqual([])
    expect(idsInVault(report, chat.id)).toEqual(worldIds(sim, chat.id))
  })
})

describe('notes rendered during export', () => {
  it('equal the notes rebuilt from the state database, links across chats included', async () => {
    const sim = await startSimulator({ seed: 12, messages: 3000 })
    try {
      const out = tempVault()
      // chats are exported one after another: the first ones link into the later ones all the same
      await exportSim(sim, out, { concurrency: 8 })
      const exported = vaultFiles(out, { blankExportedAt: true })
      const crossLinks = [...exported.values()].join('').match(/Forwarded from \[\[Sim News/g) ?? []
      expect(crossLinks.length).toBeGreaterThan(3)
      expect(await rebuilt(out)).toEqual(exported)
    } finally {
      await sim.close()
    }
  })

  it('link into a chat exported by a later run, once it is', async () => {
    const sim = await startSimulator({ seed: 12, messages: 3000 })
    try {
      const out = tempVault()
      const alice = sim.world.chats.find((c) => c.kind === 'private')!
      const linksToNews = () => [...vaultFiles(out).values()].join('').match(/\[\[Sim News/g)?.length ?? 0
      await exportSim(sim, out, { targets: [String(alice.id)], kinds: [] })
      expect(linksToNews()).toBe(0)
      await exportSim(sim, out, { targets: ['@sim_news'], kinds: [] })
      expect(linksToNews()).toBeGreaterThan(3)
      // and nothing is left to relink: a third run rewrites no note
      const third = await exportSim(sim, out, { targets: [String(alice.id), '@sim_news'], kinds: [] })
      expect(third.notes_written).toBe(0)
    } finally {
      await sim.close()
    }
  })

  it('equal the notes rebuilt from the state database, byte for byte, media paths included', async () => {
    const sim = await startSimulator({ seed: 12, messages: 6000 })
    try {
      const out = tempVault()
      const forum = sim.world.chats.find((c) => c.kind === 'forum')!
      await exportSim(sim, out, { targets: [`@${forum.username}`], kinds: [], concurrency: 8, media: defaultMedia })
      const exported = vaultFiles(out, { blankExportedAt: true })
      expect([...exported.keys()].filter((f) => f.endsWith('.md')).length).toBeGreaterThan(20)
      expect([...exported.keys()].some((f) => f.includes('/_media/'))).toBe(true)
      expect(await rebuilt(out)).toEqual(exported)
    } finally {
      await sim.close()
    }
  })
})

describe('export with media', () => {
  it('places every file beside its message, downloads each file id once and links equal content', async () => {
    const sim = await startSimulator({ seed: 3, messages: 800 })
    try {
      const out = tempVault()
      const summary = await exportSim(sim, out, { media: defaultMedia })
      const report = verifyVault(out)
      expect(report.problems).toEqual([])
      const embeds = report.links
      expect(embeds).toBeGreaterThan(0)
      expect(summary.media_files).toBeGreaterThan(0)
      // the world shares content between file ids: those bytes are stored once
      expect(summary.dedup_bytes_saved).toBeGreaterThan(0)
      const gets = sim.counters().calls['upload.getFile'] ?? 0
      expect(gets).toBeGreaterThan(0)
      // a rerun downloads nothing again
      await exportSim(sim, out, { media: defaultMedia })
      expect(sim.counters().calls['upload.getFile']).toBe(gets)
    } finally {
      await sim.close()
    }
  })
})

describe('refresh of recent messages', () => {
  it('brings edits and deletions within the window up to date, and leaves older notes alone', async () => {
    const sim = await startSimulator({ seed: 8, messages: 1200 })
    try {
      const out = tempVault()
      await exportSim(sim, out)
      const chat = sim.world.chats.find((c) => c.kind === 'channel')!
      const ids = worldIds(sim, chat.id)
      const edited = ids.at(-3)!
      const deleted = ids.at(-5)!
      sim.world.edit(chat.id, edited)
      sim.world.delete(chat.id, deleted)
      const summary = await exportSim(sim, out, { refresh: 20 })
      expect(summary.refreshed).toBeGreaterThanOrEqual(2)
      const report = verifyVault(out)
      expect(report.problems).toEqual([])
      expect(idsInVault(report, chat.id)).not.toContain(deleted)
      expect(idsInVault(report, chat.id)).toEqual(worldIds(sim, chat.id))
      // without --refresh nothing changes on a rerun
      const again = await exportSim(sim, out)
      expect(again.refreshed).toBe(0)
      expect(again.notes_written).toBe(0)
    } finally {
      await sim.close()
    }
  })
})

describe('Telegram making us wait', () => {
  it('waits out TAKEOUT_INIT_DELAY and FLOOD_WAIT and still exports everything once', async () => {
    const sim = await startSimulator({
      seed: 5, messages: 1500,
      knobs: { takeoutInitDelaySeconds: 1, rateLimits: { 'messages.getHistory': 6 } },
    })
    try {
      const out = tempVault()
      const summary = await exportSim(sim, out, { concurrency: 6 })
      expect(sim.counters().errors.TAKEOUT_INIT_DELAY_1).toBe(1)
      expect(sim.counters().floodWaits).toBeGreaterThan(0)
      expect(summary.flood_waits).toBeGreaterThan(0)
      const report = verifyVault(out)
      expect(report.problems).toEqual([])
      for (const chat of sim.world.chats) {
        expect(idsInVault(report, chat.id)).toEqual(worldIds(sim, chat.id))
      }
    } finally {
      await sim.close()
    }
  })
})
