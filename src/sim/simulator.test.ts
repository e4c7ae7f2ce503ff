import { mkdtemp, readFile, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Long from 'long'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TelegramClient } from '@mtcute/node'
import { connectTestClient } from './mtproto/test-client.ts'
import { startSimulator, writeSessionFile, type Simulator } from './simulator.ts'

describe('startSimulator with the real mtcute client', () => {
  let sim: Simulator
  let tg: TelegramClient

  beforeAll(async () => {
    sim = await startSimulator({ seed: 5, messages: 3000, knobs: { takeoutInitDelaySeconds: 1 } })
    tg = await connectTestClient(sim.servers, sim.authKeys, sim.session.mainDc, { self: sim.session.self })
  })
  afterAll(async () => {
    await tg?.destroy()
    await sim?.close()
  })

  it('pages a channel found by username, as the world has it', async () => {
    const channel = sim.world.chats.find((c) => c.kind === 'channel')!
    const got: number[] = []
    for await (const m of tg.iterHistory(`@${channel.username}`, { limit: 250 })) got.push(m.id)
    expect(got).toEqual([...sim.world.idsDesc(channel.id)].slice(0, 250))
    const one = (await tg.getMessages(`@${channel.username}`, [got[0]!]))[0]!
    expect(one.text).toBe(sim.world.message(channel.id, got[0]!)!.text)
    expect(sim.counters().calls['messages.getHistory']).toBeGreaterThanOrEqual(3)
  })

  it('downloads a file that lives on the media DC, byte for byte', async () => {
    const channel = sim.world.chats.find((c) => c.kind === 'channel')!
    let target: { id: number; fileId: string } | undefined
    for (const id of sim.world.idsDesc(channel.id)) {
      const m = sim.world.message(channel.id, id)!
      if (m.media?.type === 'file' && sim.world.file(m.media.fileId)!.dcId === 4) {
        target = { id, fileId: m.media.fileId }
        break
      }
    }
    const msg = (await tg.getMessages(`@${channel.username}`, [target!.id]))[0]!
    const bytes = await tg.downloadAsBuffer(msg.media as never)
    const file = sim.world.file(target!.fileId)!
    expect(bytes.length).toBe(file.size)
    expect(Buffer.from(bytes).equals(Buffer.from(sim.world.fileBytes(file.fileId, 0, file.size)))).toBe(true)
    expect(sim.servers.find((s) => s.dcId === 4)!.counters.calls['upload.getFile']).toBeGreaterThan(0)
  })

  it('follows FILE_MIGRATE when a raw location is asked of the main DC', async () => {
    const chat = sim.world.chats.find((c) => c.kind === 'supergroup')!
    let file
    for (const id of sim.world.ids(chat.id)) {
      const m = sim.world.message(chat.id, id)!
      const f = m.media?.type === 'file' ? sim.world.file(m.media.fileId)! : undefined
      if (f && !f.photo && f.dcId === 4 && f.size > 70_000) {
        file = f
        break
      }
    }
    const before = sim.servers.find((s) => s.dcId === 2)!.counters.errors.FILE_MIGRATE_4 ?? 0
    const location = {
      _: 'inputDocumentFileLocation' as const, id: Long.fromString(file!.fileId), accessHash: Long.fromString(file!.accessHash),
      fileReference: new Uint8Array([0x52, 0, 0, 0, 0, 0, 0, 0]), thumbSize: '',
    }
    // a reference of generation 0 is current: nothing expired in this world
    expect(sim.world.fileGeneration(file!.fileId)).toBe(0)
    const bytes = await tg.downloadAsBuffer(location as never, { fileSize: file!.size } as never)
    expect(bytes.length).toBe(file!.size)
    expect(Buffer.from(bytes).equals(Buffer.from(sim.world.fileBytes(file!.fileId, 0, file!.size)))).toBe(true)
    expect(sim.servers.find((s) => s.dcId === 2)!.counters.errors.FILE_MIGRATE_4).toBe(before + 1)
  })

  it('delays takeout, then answers takeout-wrapped history', async () => {
    const request = { messageMegagroups: true, messageChannels: true, files: true, fileMaxSize: 2 ** 31 }
    const first = await tg.initTakeoutSession(request).then(() => undefined, (e: Error) => e)
    expect(first?.message).toMatch(/TAKEOUT_INIT_DELAY_1/)
    await new Promise((r) => setTimeout(r, 1100))
    const takeout = await tg.initTakeoutSession(request)
    const group = sim.world.chats.find((c) => c.kind === 'supergroup')!
    const peer = await tg.resolvePeer(`@${group.username}`)
    const res: any = await takeout.call({ _: 'messages.getHistory', peer, offsetId: 0, offsetDate: 0, addOffset: 0, limit: 100, maxId: 0, minId: 0, hash: Long.ZERO })
    expect(res.messages.map((m: any) => m.id)).toEqual([...sim.world.idsDesc(group.id)].slice(0, 100))
    await takeout.finish()
  })

  it('writes a private session file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tobs-sim-'))
    const path = join(dir, 'session.json')
    await writeSessionFile(path, sim.session)
    expect((await stat(path)).mode & 0o777).toBe(0o600)
    const back = JSON.parse(await readFile(path, 'utf8'))
    expect(back).toEqual(sim.session)
    expect(back.authKeys['4']).toHaveLength(512)
  })
})
