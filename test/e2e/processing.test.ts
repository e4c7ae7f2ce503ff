// Media processing end to end: the real client against the simulator's real sample media, real
// sharp, ffmpeg, ffprobe and pocketsphinx, a real state database (issue 12).
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, writeSessionFile } from '../../src/sim/simulator.ts'
import { sampleNamed } from '../../src/sim/samples/index.ts'
import { connect } from '../../src/telegram/connect.ts'
import { runExport, type ExportOptions } from '../../src/export/run-export.ts'
import { runProcess } from '../../src/export/run-process.ts'
import { silentProgress } from '../../src/export/progress.ts'
import { filesOf } from '../../src/model/files.ts'
import type { FileKind } from '../../src/model/types.ts'
import { findFfmpeg, findFfprobe, run, which } from '../../src/media/process/tools.ts'
import { StateDb } from '../../src/vault/state.ts'
import { verifyVault } from '../../src/vault/verify.ts'
import { ALL_KINDS, defaultMedia, idsInVault, tempVault, worldIds, type Sim } from '../helpers.ts'

const BIN = join(import.meta.dirname, '../../bin/tobs.js')
const ffmpeg = findFfmpeg()
const sphinx = which('pocketsphinx_continuous')

/** One export of the sim into `out` with processing; returns the warnings it printed. */
async function exportWith(sim: Sim, out: string, opts: Partial<ExportOptions>, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const warnings: string[] = []
  const conn = await connect({ kind: 'sim', session: sim.session })
  try {
    await runExport({ targets: [], kinds: [...ALL_KINDS], out, split: 'month', takeout: true, media: defaultMedia, ...opts },
      { client: conn.client, selfId: conn.selfId, progress: { ...silentProgress, warn: (w) => warnings.push(w) }, env })
  } finally {
    await conn.close()
  }
  return warnings
}

interface WorldFile { chatId: number; msgId: number; kind: FileKind; fileId: string; sentence?: string; width?: number; height?: number; size: number }

/** Every file message of the world, with what the world knows of its bytes. */
function worldFiles(sim: Sim, kinds: FileKind[]): WorldFile[] {
  const out: WorldFile[] = []
  for (const chat of sim.world.chats) {
    for (const id of sim.world.ids(chat.id)) {
      const media = sim.world.message(chat.id, id)?.media
      if (media?.type !== 'file' || !kinds.includes(media.kind)) continue
      const f = sim.world.file(media.fileId)!
      out.push({ chatId: chat.id, msgId: id, kind: media.kind, fileId: media.fileId, size: f.size, width: f.width, height: f.height,
        sentence: f.sample ? sampleNamed(f.sample)?.sentence : undefined })
    }
  }
  return out
}

/** The stored file of a message and what processing made of it. */
function stored(state: StateDb, f: WorldFile) {
  const file = filesOf(state.messages.get(f.chatId, f.msgId)!)[0]!
  return { path: state.media.placement(f.chatId, f.msgId, file.uniqueId), transcript: state.processing.transcript(file.uniqueId) }
}

describe.skipIf(!ffmpeg || !sphinx)('media processing (needs ffmpeg and pocketsphinx: .ci/run installs them)', () => {
  let sim: Sim
  beforeAll(async () => {
    sim = await startSimulator({ seed: 12, messages: 240, knobs: { latencyMs: { 2: 2, 4: 2 } } })
  })
  afterAll(async () => { await sim?.close() })

  it('photos optimised, videos transcoded, voice notes transcribed by pocketsphinx, notes embed the results', async () => {
    const out = tempVault()
    const warnings = await exportWith(sim, out, {
      process: { optimizeImages: { maxEdge: 1280 }, transcode: {}, transcribe: { engine: 'pocketsphinx' } },
    })
    expect(warnings).toEqual([])
    const state = StateDb.open(out)
    try {
      const photos = worldFiles(sim, ['photo'])
      const videos = worldFiles(sim, ['video'])
      const speech = worldFiles(sim, ['voice', 'video_note']).filter((f) => f.sentence)
      expect([photos.length > 0, videos.length > 0, speech.length > 0]).toEqual([true, true, true])
      for (const p of photos) {
        const { path } = stored(state, p)
        expect(path, `photo of message ${p.msgId}`).toMatch(/\.webp$/)
        const meta = await sharp(join(out, path!)).metadata()
        expect(meta.format).toBe('webp')
        expect(statSync(join(out, path!)).size).toBeLessThan(p.size)
        // same orientation as the world's picture: landscape stays landscape
        expect(Math.sign(meta.width! - meta.height!)).toBe(Math.sign(p.width! - p.height!))
        expect(existsSync(join(out, path!.replace(/\.webp$/, '.jpg')))).toBe(false)
      }
      const probe = findFfprobe(ffmpeg)!
      for (const v of videos) {
        const { path } = stored(state, v)
        expect(path).toMatch(/\.mp4$/)
        const r = await run(probe, ['-v', 'error', '-show_entries', 'stream=codec_name', '-of', 'csv=p=0', join(out, path!)])
        expect(r.stdout.trim().split('\n').sort()).toEqual(['aac', 'h264'])
      }
      for (const s of speech) {
        const { transcript } = stored(state, s)
        const heard = new Set((transcript ?? '').split(/\s+/))
        const words = s.sentence!.split(' ').filter((w) => w.length >= 4)
        expect(words.filter((w) => heard.has(w)).length, `"${transcript}" for "${s.sentence}"`).toBeGreaterThan(0)
      }
      expect(state.processing.counts()).toMatchObject({ pending: 0, failed: 0 })
    } finally {
      state.close()
    }
    const report = verifyVault(out)
    expect(report.problems).toEqual([])
    const notes = readdirSync(out, { recursive: true }).filter((n) => String(n).endsWith('.md'))
    const text = notes.map((n) => String(n)).join('\n')
    expect(text.length).toBeGreaterThan(0)
  }, 240_000)

  it('Telegram transcription gives the exact sentence, and `tobs render` keeps it', async () => {
    const out = tempVault()
    await exportWith(sim, out, { process: { transcribe: { engine: 'telegram' } } })
    const state = StateDb.open(out)
    const speech = worldFiles(sim, ['voice', 'video_note']).filter((f) => f.sentence)
    try {
      for (const s of speech) expect(stored(state, s).transcript).toBe(s.sentence)
    } finally {
      state.close()
    }
    const { rebuildVault } = await import('../../src/export/rebuild.ts')
    await rebuildVault(out, { split: 'year', timeZone: 'UTC' })
    const notes = readdirSync(out, { recursive: true }).map(String).filter((n) => n.endsWith('.md'))
    const all = notes.map((n) => readFileSync(join(out, n), 'utf8')).join('\n')
    for (const s of speech) expect(all).toContain(`> > [!quote]- Transcript\n> > ${s.sentence}`)
  }, 120_000)

  it('without ffmpeg the run says so once and exports everything else', async () => {
    const out = tempVault()
    const warnings = await exportWith(sim, out,
      { process: { optimizeImages: {}, transcode: {}, transcribe: { engine: 'pocketsphinx' } } },
      { ...process.env, PATH: '/nonexistent', FFMPEG_PATH: '/nonexistent/ffmpeg' })
    expect(warnings).toEqual(['ffmpeg not found (install ffmpeg or set FFMPEG_PATH): videos are not transcoded, voice notes are not transcribed'])
    const report = verifyVault(out)
    expect(report.problems).toEqual([])
    for (const chat of sim.world.chats) expect(idsInVault(report, chat.id)).toEqual(worldIds(sim, chat.id))
    const state = StateDb.open(out)
    try {
      for (const v of worldFiles(sim, ['video'])) expect(stored(state, v).path).not.toMatch(/\.h264\.mp4$/)
      for (const p of worldFiles(sim, ['photo'])) expect(stored(state, p).path).toMatch(/\.webp$/)
    } finally {
      state.close()
    }
  }, 120_000)
})

describe('kill -9 during processing', () => {
  let sim: Sim
  let session: string
  beforeAll(async () => {
    sim = await startSimulator({ seed: 5, messages: 900, knobs: { latencyMs: { 2: 2, 4: 2 } } })
    session = join(tempVault(), 'sim.json')
    await writeSessionFile(session, sim.session)
  })
  afterAll(async () => { await sim?.close() })

  it('resumes and finishes every job exactly once', async () => {
    const out = tempVault()
    // one worker that also transcodes videos: photos wait behind them
    const args = ['export', '--session', session, '--kinds', ALL_KINDS.join(','), '--out', out, '--quiet', '--optimize-images',
      '--transcode', '--process-workers', '1']
    // killed once a photo is optimised while downloaded ones still wait for their turn
    const killed = await new Promise<string | null>((resolve) => {
      const child = spawn(process.execPath, [BIN, ...args], { stdio: 'ignore' })
      const poll = setInterval(() => {
        const photos = photoFiles(out)
        if (photos.webp >= 1 && photos.jpg >= 3) child.kill('SIGKILL')
      }, 10)
      child.on('exit', (_code, signal) => { clearInterval(poll); resolve(signal) })
    })
    expect(killed).toBe('SIGKILL')
    let firstRun: Map<string, { ino: number; mtimeMs: number }>
    {
      const state = StateDb.open(out)
      const counts = state.processing.counts()
      state.close()
      // the kill landed mid-way: some photos done or renamed into place, some still pending
      expect(counts.pending, JSON.stringify(counts)).toBeGreaterThan(0)
      firstRun = outputs(out)
      expect(firstRun.size).toBeGreaterThan(0)
    }
    // the jobs left pending, without Telegram
    const r = await runProcess({ out, split: 'month', timeZone: 'UTC', spec: { optimizeImages: {}, transcode: {} }, env: process.env, warn: () => {} })
    expect(r.pending).toBeGreaterThan(0)
    // and the rest of the export, which finds every photo already processed or new
    await exportWith(sim, out, { process: { optimizeImages: {}, transcode: {} } })
    const state = StateDb.open(out)
    try {
      expect(state.processing.counts()).toMatchObject({ pending: 0, failed: 0 })
      const photos = worldFiles(sim, ['photo'])
      for (const p of photos) {
        const file = filesOf(state.messages.get(p.chatId, p.msgId)!)[0]!
        const path = stored(state, p).path
        expect(path?.endsWith('.webp') ? 'webp' : `${path} for ${p.chatId}/${p.msgId}: ${JSON.stringify(state.media.get(file.uniqueId))}`).toBe('webp')
      }
    } finally {
      state.close()
    }
    // an output finished before the kill was never made again
    const after = outputs(out)
    for (const [path, st] of firstRun) expect(after.get(path), path).toEqual(st)
    expect(verifyVault(out).problems).toEqual([])
  }, 180_000)
})

/** a photo turned WebP (stickers are WebP already, and live in _media/sticker) */
function isOptimisedPhoto(rel: string): boolean {
  return rel.endsWith('.webp') && rel.includes('/_media/photo/')
}

function photoFiles(root: string): { webp: number; jpg: number } {
  const n = { webp: 0, jpg: 0 }
  try {
    for (const f of readdirSync(root, { recursive: true }).map(String)) {
      if (isOptimisedPhoto(f)) n.webp++
      else if (f.includes('/_media/photo/') && f.endsWith('.jpg')) n.jpg++
    }
  } catch { /* not there yet */ }
  return n
}

/** Optimised photos in the vault with their inode and mtime: a file made again would change both. */
function outputs(root: string): Map<string, { ino: number; mtimeMs: number }> {
  const out = new Map<string, { ino: number; mtimeMs: number }>()
  for (const n of readdirSync(root, { recursive: true }).map(String)) {
    if (!isOptimisedPhoto(n)) continue
    const st = statSync(join(root, n))
    out.set(n, { ino: st.ino, mtimeMs: st.mtimeMs })
  }
  return out
}
