// Media downloads against the simulator over real TCP (issue 11): files equal the world's bytes,
// large files on the media DC arrive whole, identical content is fetched once (the simulator's byte
// counter), expired references come back in one batch call, skipped files leave placeholders, a
// server gone silent mid-file costs a retried part, and Ctrl-C mid-download is resumed by a rerun.
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import Long from 'long'
import { describe, expect, it } from 'vitest'
import { startSimulator, writeSessionFile } from '../../src/sim/simulator.ts'
import { connect } from '../../src/telegram/connect.ts'
import { InputPeers } from '../../src/telegram/input-peers.ts'
import { TelegramFiles } from '../../src/telegram/download.ts'
import { mapMessage, PeerIndex } from '../../src/telegram/map/index.ts'
import { filesOf } from '../../src/model/files.ts'
import { MediaQueue, ALL_FILE_KINDS } from '../../src/media/queue.ts'
import { StateDb } from '../../src/vault/state.ts'
import { useVaultTmp } from '../../src/vault/files.ts'
import { verifyVault } from '../../src/vault/verify.ts'
import type { Message } from '../../src/model/types.ts'
import { defaultMedia, exportSim, tempVault, type Sim } from '../helpers.ts'

const BIN = join(import.meta.dirname, '../../bin/tobs.js')
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Every media file of the vault with the world file it stands for (chat id from the folder, message id from the name). */
function placedFiles(sim: Sim, out: string): { path: string; fileId: string; size: number; dcId: number; contentKey: string }[] {
  const found = []
  for (const folder of readdirSync(out)) {
    const chatId = Number(/\((-?\d+)\)$/.exec(folder)?.[1])
    const media = join(out, folder, '_media')
    if (!chatId || !statSync(join(out, folder)).isDirectory()) continue
    let kinds: string[] = []
    try { kinds = readdirSync(media) } catch { continue }
    for (const kind of kinds) for (const name of readdirSync(join(media, kind))) {
      const msg = sim.world.message(chatId, Number(name.split('-')[0]))!
      const fileId = msg.media?.type === 'file' ? msg.media.fileId : msg.media?.type === 'webpage' ? msg.media.photoFileId! : ''
      const f = sim.world.file(fileId)!
      found.push({ path: join(media, kind, name), fileId, size: f.size, dcId: f.dcId, contentKey: f.contentKey })
    }
  }
  return found
}

describe('media downloads', () => {
  it('fetch every file whole, from its own DC, each distinct content once', async () => {
    const sim = await startSimulator({ seed: 5, messages: 700 })
    try {
      const out = tempVault()
      const summary = await exportSim(sim, out, { media: defaultMedia })
      expect(verifyVault(out).problems).toEqual([])
      const files = placedFiles(sim, out)
      expect(files.length).toBeGreaterThan(50)
      for (const f of files) {
        const want = Buffer.from(sim.world.fileBytes(f.fileId, 0, f.size))
        expect(readFileSync(f.path).equals(want), f.path).toBe(true)
      }
      // a file of many parts on the media DC (FILE_MIGRATE territory) arrived whole
      const big = files.filter((f) => f.dcId !== 2 && f.size > 2 * 2 ** 20)
      expect(big.length).toBeGreaterThan(0)
      // identical content under different ids: the simulator served each distinct content once
      const unique = new Map(files.map((f) => [f.contentKey, f.size]))
      const uniqueBytes = [...unique.values()].reduce((a, b) => a + b, 0)
      expect(unique.size).toBeLessThan(new Set(files.map((f) => f.fileId)).size)
      expect(sim.counters().fileBytes).toBe(uniqueBytes)
      expect(summary.dedup_bytes_saved).toBeGreaterThan(0)
      expect(sim.counters().calls['upload.getFileHashes'] ?? 0).toBeGreaterThan(0)
    } finally {
      await sim.close()
    }
  }, 120_000)

  it('refresh expired file references in one batch call', async () => {
    const sim = await startSimulator({ seed: 6, messages: 1500 })
    const conn = await connect({ kind: 'sim', session: sim.session })
    try {
      const chat = sim.world.chats.find((c) => c.kind === 'channel')!
      const peers = new InputPeers()
      const dialogs = await conn.client.call({ _: 'messages.getDialogs', offsetDate: 0, offsetId: 0, offsetPeer: { _: 'inputPeerEmpty' }, limit: 100, hash: Long.ZERO })
      if (dialogs._ === 'messages.dialogsNotModified') throw new Error('no dialogs')
      peers.learn(dialogs.users, dialogs.chats)
      const res = await conn.client.call({ _: 'messages.getHistory', peer: peers.input('channel', chat.id)!, offsetId: 0, offsetDate: 0, addOffset: 0, limit: 100, maxId: 0, minId: 0, hash: Long.ZERO })
      if (res._ === 'messages.messagesNotModified') throw new Error('no history')
      const index = PeerIndex.from(res.users, res.chats)
      const messages: Message[] = res.messages.map((m) => mapMessage(m, index, { chatId: chat.id })!).filter((m) => m && filesOf(m).some((f) => f.ref))
      expect(messages.length).toBeGreaterThan(5)
      // every reference the client holds is now stale
      for (const m of messages) {
        const wm = sim.world.message(chat.id, m.id)!
        const fid = wm.media?.type === 'file' ? wm.media.fileId : wm.media?.type === 'webpage' ? wm.media.photoFileId : undefined
        if (fid) sim.world.expireFileReference(fid)
      }
      const before = sim.counters().calls['channels.getMessages'] ?? 0
      const vault = tempVault()
      useVaultTmp(vault)
      const state = StateDb.open(vault)
      const files = new TelegramFiles(conn.client, peers, () => 'channel')
      const q = new MediaQueue(state, vault, files, { concurrency: 8, maxSize: 2 ** 30, kinds: new Set(ALL_FILE_KINDS) })
      await q.settle('Chan', messages)
      await q.drain()
      state.close()
      expect(q.stats.missing).toEqual([])
      expect(sim.counters().errors.FILE_REFERENCE_EXPIRED).toBeGreaterThan(3)
      expect((sim.counters().calls['channels.getMessages'] ?? 0) - before).toBe(1)
      expect(files.refresher.calls).toBe(1)
    } finally {
      await conn.close()
      await sim.close()
    }
  }, 60_000)

  it('leave a placeholder for a skipped file, never a dangling embed, and list it at the end', async () => {
    const sim = await startSimulator({ seed: 5, messages: 400 })
    try {
      const out = tempVault()
      const summary = await exportSim(sim, out, { media: { ...defaultMedia, maxSize: 100_000 } })
      expect(verifyVault(out).problems).toEqual([])
      const missing = summary.media_missing as { reason: string }[]
      expect(missing.length).toBeGreaterThan(0)
      expect(missing.every((m) => m.reason === 'larger than 98 KB')).toBe(true)
      expect(summary.media_skipped).toBe(missing.length)
    } finally {
      await sim.close()
    }
  }, 60_000)
})

describe('media on a rerun', () => {
  it('tries a failed file again and puts back a file the user deleted, then links both from their notes', async () => {
    const sim = await startSimulator({ seed: 9, messages: 300 })
    try {
      const out = tempVault()
      // every first part answers FILE_REFERENCE_EXPIRED, refreshes included: every download fails
      sim.knobs.fileReferenceExpiredRate = 1
      const first = await exportSim(sim, out, { media: defaultMedia })
      const failed = first.media_missing as { reason: string; messageId: number }[]
      expect(failed.length).toBeGreaterThan(3)
      expect(failed[0]!.reason).toMatch(/^download failed: .*FILE_REFERENCE_EXPIRED/)
      expect(verifyVault(out).problems).toEqual([])
      sim.knobs.fileReferenceExpiredRate = 0
      const second = await exportSim(sim, out, { media: defaultMedia })
      expect(second.media_missing).toEqual([])
      expect(second.media_files).toBeGreaterThan(3)
      const files = placedFiles(sim, out)
      expect(files.length).toBeGreaterThan(3)
      // notes now embed what were placeholders, and every embed resolves
      const report = verifyVault(out)
      expect(report.problems).toEqual([])
      // the user deletes a file; the next run restores it with the same bytes
      const gone = files[0]!
      rmSync(gone.path)
      await exportSim(sim, out, { media: defaultMedia })
      expect(readFileSync(gone.path).equals(Buffer.from(sim.world.fileBytes(gone.fileId, 0, gone.size)))).toBe(true)
      expect(verifyVault(out).problems).toEqual([])
    } finally {
      await sim.close()
    }
  }, 120_000)
})

/** The largest file of a public channel of the world (at least `min` bytes), with its message. */
function largestFile(sim: Sim, min: number): { chat: { id: number; username: string }; id: number; fileId: string; size: number } {
  const chat = sim.world.chats.find((c) => c.kind === 'channel' && c.username)!
  let best: { id: number; fileId: string; size: number } | undefined
  for (const id of sim.world.ids(chat.id)) {
    const m = sim.world.message(chat.id, id)
    if (m?.media?.type !== 'file') continue
    const f = sim.world.file(m.media.fileId)!
    if (f.size > (best?.size ?? min)) best = { id, fileId: f.fileId, size: f.size }
  }
  if (!best) throw new Error(`no file over ${min} bytes in the world`)
  return { chat: { id: chat.id, username: chat.username! }, ...best }
}

describe('a server that stops answering in the middle of a file', () => {
  it('times the silent part out, asks for it again, and the file completes', async () => {
    // slow connections, so the file takes many parts and seconds
    const sim = await startSimulator({ seed: 4, messages: 1500, knobs: { bytesPerSecond: 300_000 } })
    try {
      const target = largestFile(sim, 1_500_000)
      const out = tempVault()
      // a third into the file, every answer the server gives for 300 ms is withheld and its
      // connection goes silent for good (open, answering nothing), as a dead peer does
      let struck = false
      const watch = setInterval(() => {
        if (struck || sim.counters().fileBytes < target.size / 3) return
        struck = true
        sim.servers.forEach((s) => s.setKnobs({ stallRate: 1 }))
        setTimeout(() => sim.servers.forEach((s) => s.setKnobs({ stallRate: 0 })), 300)
      }, 20)
      const started = Date.now()
      const summary = await exportSim(sim, out, {
        targets: [`@${target.chat.username}`], kinds: [], fromId: target.id, toId: target.id,
        // a short stall timeout (the default is 20 s), far below the 30 s request deadline
        media: { ...defaultMedia, tuning: { stallMs: 1500 } },
      }).finally(() => clearInterval(watch))
      const ms = Date.now() - started
      const c = sim.counters()
      expect(struck).toBe(true)
      expect(c.stalledConnections, 'connections must have gone silent mid-file').toBeGreaterThan(0)
      expect(summary.media_missing).toEqual([])
      const [placed] = placedFiles(sim, out).filter((f) => f.fileId === target.fileId)
      expect(readFileSync(placed!.path).equals(Buffer.from(sim.world.fileBytes(target.fileId, 0, target.size)))).toBe(true)
      // the withheld parts were asked again: more getFile calls than the file has parts
      const parts = Math.ceil(target.size / (512 * 1024))
      expect(c.calls['upload.getFile']).toBeGreaterThan(parts)
      // the media stall timeout did it, not the 30 s request deadline
      expect(ms).toBeLessThan(25_000)
      expect(verifyVault(out).problems).toEqual([])
    } finally {
      await sim.close()
    }
  }, 60_000)
})

describe('Ctrl-C in the middle of the downloads', () => {
  it('one line, exit 130, no stack trace; the rerun completes and every file equals the world\'s bytes', async () => {
    const sim = await startSimulator({ seed: 4, messages: 1500, knobs: { bytesPerSecond: 150_000 } })
    try {
      const target = largestFile(sim, 1_500_000)
      const out = tempVault()
      const session = join(tempVault(), 'sim.json')
      await writeSessionFile(session, sim.session)
      const args = ['export', `@${target.chat.username}`, '--session', session, '--out', out, '--json']
      const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, TOBS_HOME: tempVault() } })
      let stderr = ''
      child.stderr.on('data', (d) => (stderr += d))
      const ended = new Promise<[number | null, string | null]>((r) => child.on('close', (code, signal) => r([code, signal])))
      // Ctrl-C once the large file is a third in and other files are done
      const parts = join(out, '.tobs', 'parts')
      // a part finished between the listing and its stat has been moved into the vault: it counts as 0
      const sizeOf = (n: string) => statSync(join(parts, n), { throwIfNoEntry: false })?.size ?? 0
      const partOf = () => (existsSync(parts) ? readdirSync(parts).map(sizeOf) : [])
      for (let i = 0; i < 1200 && !partOf().some((n) => n > target.size / 3); i++) await sleep(50)
      child.kill('SIGINT')
      const [code, signal] = await ended
      expect(stderr).toBe('tobs: interrupted; rerun the same command to resume\n')
      expect([code, signal]).toEqual([130, null])
      // it landed mid-way: a .part was a third of the large file (parts land out of order, so a
      // complete prefix may still be 0), a download is recorded for resume, the file is not in the vault
      const state = StateDb.open(out)
      const left = state.partials.all()
      state.close()
      expect(left.some((p) => p.done < p.size)).toBe(true)
      expect(placedFiles(sim, out).some((f) => f.fileId === target.fileId)).toBe(false)

      sim.servers.forEach((s) => s.setKnobs({ bytesPerSecond: undefined }))
      const again = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, TOBS_HOME: tempVault() }, stdio: ['ignore', 'ignore', 'pipe'] })
      let again2 = ''
      again.stderr!.on('data', (d) => (again2 += d))
      expect(await new Promise((r) => again.on('close', r)), again2).toBe(0)
      expect(verifyVault(out).problems).toEqual([])
      const files = placedFiles(sim, out)
      expect(files.some((f) => f.fileId === target.fileId)).toBe(true)
      for (const f of files) expect(readFileSync(f.path).equals(Buffer.from(sim.world.fileBytes(f.fileId, 0, f.size))), f.path).toBe(true)
      expect(readdirSync(parts)).toEqual([])
    } finally {
      await sim.close()
    }
  }, 120_000)
})

describe('the summary\'s time split with a slow link', () => {
  it('counts waiting for downloads as waiting on Telegram, not as storing', async () => {
    // downloads far slower than reading: the chats' notes wait for their files most of the run
    const sim = await startSimulator({ seed: 5, messages: 700, knobs: { bytesPerSecond: 1_500_000 } })
    try {
      const summary = await exportSim(sim, tempVault(), { media: defaultMedia })
      const ms = summary.seconds * 1000
      expect(summary.media_files).toBeGreaterThan(50)
      // the run is the downloads': storing 700 messages is a few ms of it
      expect(summary.wait_ms, JSON.stringify(summary)).toBeGreaterThan(0.7 * ms)
      expect(summary.store_ms, JSON.stringify(summary)).toBeLessThan(0.2 * ms)
    } finally {
      await sim.close()
    }
  }, 60_000)

  it('without media, splits the run into storing, writing notes and waiting, apart', async () => {
    // notes are written beside the reading, not inside a page's storing: storing was shown as 0 ms
    const latency = 40
    const sim = await startSimulator({ seed: 5, messages: 6000, knobs: { latencyMs: { 2: latency } } })
    try {
      const summary = await exportSim(sim, tempVault(), { media: false, concurrency: 8 })
      const ms = summary.seconds * 1000
      expect(summary.store_ms, JSON.stringify(summary)).toBeGreaterThan(0)
      expect(summary.render_write_ms, JSON.stringify(summary)).toBeGreaterThan(0)
      // the round trips alone, eight in flight at most, are a floor under the waiting
      expect(summary.wait_ms, JSON.stringify(summary)).toBeGreaterThanOrEqual(summary.requests * latency / 8)
      expect(Math.abs(summary.wait_ms + summary.store_ms + summary.render_write_ms - ms), JSON.stringify(summary)).toBeLessThan(5)
    } finally {
      await sim.close()
    }
  }, 60_000)
})
