// Round trip: a live export of a simulated world, written as a Telegram Desktop export
// (writeDesktopFromVault) and converted back (runConvert), is the same vault: the same notes byte
// for byte (apart from exported_at) and the same media files.
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator } from '../../src/sim/simulator.ts'
import { writeDesktopFromVault } from '../../src/export/desktop-out.ts'
import { runConvert } from '../../src/export/run-convert.ts'
import { ALL_FILE_KINDS } from '../../src/media/queue.ts'
import { verifyVault } from '../../src/vault/verify.ts'
import { defaultMedia, exportSim, tempVault, vaultFiles, type Sim } from '../helpers.ts'

function expectSameVault(live: string, converted: string): void {
  const a = vaultFiles(live, { blankExportedAt: true })
  const b = vaultFiles(converted, { blankExportedAt: true })
  expect([...b.keys()].sort()).toEqual([...a.keys()].sort())
  expect([...a.keys()].filter((f) => a.get(f) !== b.get(f))).toEqual([])
}

function desktopJson(dir: string): { chats: { list: { id: number; tobs?: unknown; messages: Record<string, unknown>[] }[] } } {
  return JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'))
}

describe('live export -> desktop-json -> convert', () => {
  let sim: Sim
  beforeAll(async () => {
    // small enough that every chat is one history page, so the live notes are not order-dependent
    sim = await startSimulator({ seed: 5, messages: 300 })
  })
  afterAll(async () => {
    await sim?.close()
  })

  it('gives the same vault with every file downloaded (embeds, shared bytes, forum topics)', async () => {
    const live = tempVault()
    const summary = await exportSim(sim, live, { media: defaultMedia })
    expect(summary.media_files).toBeGreaterThan(20)
    const desk = tempVault()
    const written = await writeDesktopFromVault(live, desk)
    expect(written).toEqual({ chats: sim.world.chats.length, messages: summary.messages })

    // Desktop's full-account layout: chats.list, media beside the JSON, paths relative to it
    const raw = desktopJson(desk)
    expect(raw.chats.list).toHaveLength(sim.world.chats.length)
    const photo = raw.chats.list.flatMap((c) => c.messages).find((m) => typeof m.photo === 'string')!
    expect(photo.photo).toMatch(/^chats\/chat_\d\/photos\//)
    expect(statSync(join(desk, photo.photo as string)).isFile()).toBe(true)
    // what Desktop cannot say travels under "tobs": views, albums, the forum and its topics
    const messages = raw.chats.list.flatMap((c) => c.messages)
    expect(messages.some((m) => (m.tobs as { set?: { views?: number } } | undefined)?.set?.views !== undefined)).toBe(true)
    expect(messages.some((m) => (m.tobs as { set?: { groupedId?: string } } | undefined)?.set?.groupedId !== undefined)).toBe(true)
    const forum = sim.world.chats.find((c) => c.kind === 'forum')!
    expect(raw.chats.list.find((c) => c.id === forum.id)!.tobs).toMatchObject({ set: { kind: 'forum' } })

    const converted = tempVault()
    await runConvert({ input: desk, out: converted, split: 'month', media: defaultMedia })
    expect(verifyVault(converted).problems).toEqual([])
    expectSameVault(live, converted)
  })

  it('gives the same placeholders for files the live export skipped', async () => {
    const live = tempVault()
    const kinds = new Set(ALL_FILE_KINDS.filter((k) => k !== 'video' && k !== 'voice'))
    const summary = await exportSim(sim, live, { media: { ...defaultMedia, kinds, maxSize: 1 << 20 } })
    expect(summary.media_skipped).toBeGreaterThan(5)
    const desk = tempVault()
    await writeDesktopFromVault(live, desk)
    // Desktop's own words in its fields; the live reason under "tobs"
    const skipped = desktopJson(desk).chats.list.flatMap((c) => c.messages).filter((m) => m.media_type === 'video_file')
    expect(skipped.length).toBeGreaterThan(0)
    for (const m of skipped) expect(m.file).toBe('(File not included. Change data exporting settings to download.)')

    const converted = tempVault()
    await runConvert({ input: desk, out: converted, split: 'month', media: defaultMedia })
    const notes = [...vaultFiles(converted)].filter(([f]) => f.endsWith('.md')).map(([, text]) => Buffer.from(text, 'latin1').toString('utf8')).join('\n')
    expect(notes).toContain('not downloaded: video files not selected')
    expectSameVault(live, converted)
  })

  it('gives the same vault without media, and writes one chat as a single-chat export', async () => {
    const live = tempVault()
    await exportSim(sim, live)
    const desk = tempVault()
    await writeDesktopFromVault(live, desk)
    const converted = tempVault()
    await runConvert({ input: desk, out: converted, split: 'month', media: false })
    expectSameVault(live, converted)

    const channel = sim.world.chats.find((c) => c.kind === 'channel')!
    const one = tempVault()
    const written = await writeDesktopFromVault(live, one, { chatIds: [channel.id] })
    expect(written.chats).toBe(1)
    const raw = JSON.parse(readFileSync(join(one, 'result.json'), 'utf8')) as Record<string, unknown>
    expect(raw).toMatchObject({ id: channel.id, type: 'public_channel', name: channel.title })
    expect(raw.chats).toBeUndefined()
    expect((raw.messages as unknown[]).length).toBe(written.messages)
  })

  it('refuses a folder that is not a vault, and a chat the vault lacks', async () => {
    await expect(writeDesktopFromVault(tempVault(), tempVault())).rejects.toThrow(/holds no tobs vault/)
    const live = tempVault()
    await exportSim(sim, live, { kinds: ['bot'] })
    await expect(writeDesktopFromVault(live, tempVault(), { chatIds: [123] })).rejects.toThrow(/chat 123 is not in the vault/)
  })
})
