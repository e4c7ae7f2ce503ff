// The processor on real files, a real state database and real tools (sharp, ffmpeg, ffprobe).
import { existsSync, mkdirSync, mkdtempSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterEach, describe, expect, it } from 'vitest'
import { PoolCoordinator } from '../../runtime/coordinator.ts'
import { StateDb } from '../../vault/state.ts'
import { IMAGE_DEFAULTS } from './image.ts'
import { MediaProcessor, outputPath } from './runner.ts'
import { createProcessor } from './setup.ts'
import { findFfmpeg, findFfprobe, run } from './tools.ts'
import { periodOf } from '../../vault/paths.ts'
import { Transcoder, VIDEO_DEFAULTS } from './video.ts'

/** Notes by UTC month, as a vault with --split month in UTC lays them out. */
const MONTH = (_chat: number, _topic: number, date: number): string => periodOf(date, 'month')

const open: StateDb[] = []
afterEach(() => { for (const s of open.splice(0)) s.close() })

function vault() {
  const dir = mkdtempSync(join(tmpdir(), 'tobs-proc-'))
  const state = StateDb.open(dir)
  open.push(state)
  return { dir, state }
}

/** A message of chat 1 with a file placed at `rel` (written by `write`). */
function placeFile(state: StateDb, id: number, uniqueId: string, rel: string) {
  state.messages.put({ id, chatId: 1, date: 1_700_000_000 + id, text: '', entities: [] })
  state.media.place(1, id, uniqueId, rel)
}

/** A 1600x1000 photo stored as 1000x1600 rotated by EXIF (orientation 6: shown turned 90° clockwise). */
async function rotatedPhoto(path: string): Promise<void> {
  const { data, info } = await sharp({ create: { width: 1000, height: 1600, channels: 3, background: '#3a7' } })
    .composite([{ input: { create: { width: 300, height: 200, channels: 3, background: '#c22' } }, top: 0, left: 0 }])
    .raw().toBuffer({ resolveWithObject: true })
  // noise makes the JPEG big the way a camera's is
  for (let i = 0; i < data.length; i += 7) data[i] = (data[i]! + ((i * 2654435761) >>> 27)) & 255
  await sharp(data, { raw: info }).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toFile(path)
}

/** A vault whose chat 1 has two rotated photos placed: c/1-a.jpg (message 1) and c/2-b.jpg (message 2). */
async function vaultWithTwoPhotos() {
  const v = vault()
  mkdirSync(join(v.dir, 'c'), { recursive: true })
  await rotatedPhoto(join(v.dir, 'c/1-a.jpg'))
  await rotatedPhoto(join(v.dir, 'c/2-b.jpg'))
  placeFile(v.state, 1, 'a', 'c/1-a.jpg')
  placeFile(v.state, 2, 'b', 'c/2-b.jpg')
  return v
}

describe('MediaProcessor', () => {
  it('optimises a photo: smaller WebP, turned upright, the placement and note follow, the original goes', async () => {
    const { dir, state } = vault()
    mkdirSync(join(dir, 'c/_media/photo'), { recursive: true })
    await rotatedPhoto(join(dir, 'c/_media/photo/5-p.jpg'))
    placeFile(state, 5, 'u5', 'c/_media/photo/5-p.jpg')
    const p = new MediaProcessor(state, dir, { image: { ...IMAGE_DEFAULTS, maxEdge: 800 }, keepOriginals: false },
      new PoolCoordinator({ io: 1, processing: 2, transcription: 1 }), MONTH, () => {})
    state.media.put('u5', { path: 'c/_media/photo/5-p.jpg', sha256: 'x', size: 1 })
    p.placed(1, 5, 'u5', 'photo', 'c/_media/photo/5-p.jpg')
    await p.drain()
    // the original stays while downloads may still link to it, and goes at the end of the run
    expect(existsSync(join(dir, 'c/_media/photo/5-p.jpg'))).toBe(true)
    expect(await p.removeOriginals()).toBe(1)
    expect(state.media.get('u5')?.path).toBeUndefined()
    const out = 'c/_media/photo/5-p.webp'
    const meta = await sharp(join(dir, out)).metadata()
    // stored 1000x1600 turned by EXIF = shown 1600x1000; scaled to the 800 edge, upright, no EXIF left
    expect([meta.format, meta.width, meta.height, meta.orientation]).toEqual(['webp', 800, 500, undefined])
    expect(p.stats.bytesSaved).toBeGreaterThan(0)
    expect(state.media.placement(1, 5, 'u5')).toBe(out)
    expect(existsSync(join(dir, 'c/_media/photo/5-p.jpg'))).toBe(false)
    expect(state.processing.counts()).toMatchObject({ done: 1, pending: 0 })
    expect(state.notes.dirty(1)).toEqual([{ topicId: 0, period: '2023-11' }])
    // placing the same message again (a rerun) queues nothing new
    p.placed(1, 5, 'u5', 'photo', out)
    await p.drain()
    expect(p.stats.images).toBe(1)
  })

  it('while the export reads, held jobs wait in state.db; release() runs each once', async () => {
    const { dir, state } = await vaultWithTwoPhotos()
    const p = new MediaProcessor(state, dir, { image: IMAGE_DEFAULTS, keepOriginals: true },
      new PoolCoordinator({ io: 1, processing: 2, transcription: 1 }), MONTH, () => {})
    p.holdWhileExporting(0)
    p.placed(1, 1, 'a', 'photo', 'c/1-a.jpg')
    expect(p.resume()).toBe(1)
    p.placed(1, 2, 'b', 'photo', 'c/2-b.jpg')
    await p.drain()
    await new Promise((r) => setTimeout(r, 50))
    expect(state.processing.counts()).toMatchObject({ pending: 2, done: 0 })
    expect(p.poolMetrics().every((m) => m.done === 0 && m.running === 0)).toBe(true)
    p.release()
    // a resume() right after (an export that also resumes) queues nothing twice
    p.resume()
    await p.drain()
    expect(state.processing.counts()).toMatchObject({ pending: 0, done: 2 })
    expect(p.stats.images).toBe(2)
    expect(p.poolMetrics().find((m) => m.name === 'processing')).toMatchObject({ done: 2, concurrency: 2 })
  })

  it('a killed run resumes: an output renamed into place but not recorded is taken, not redone', async () => {
    const { dir, state } = await vaultWithTwoPhotos()
    state.processing.add({ chatId: 1, msgId: 1, uniqueId: 'a', step: 'image', src: 'c/1-a.jpg' })
    state.processing.add({ chatId: 1, msgId: 2, uniqueId: 'b', step: 'image', src: 'c/2-b.jpg' })
    // what a kill between rename and commit leaves: a finished output, the job still pending
    await sharp(join(dir, 'c/1-a.jpg')).rotate().resize(100).webp().toFile(join(dir, 'c/1-a.webp'))
    const before = statSync(join(dir, 'c/1-a.webp'))
    const p = new MediaProcessor(state, dir, { image: IMAGE_DEFAULTS, keepOriginals: true },
      new PoolCoordinator({ io: 1, processing: 2, transcription: 1 }), MONTH, () => {})
    expect(p.resume()).toBe(2)
    await p.drain()
    const after = statSync(join(dir, 'c/1-a.webp'))
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs])
    expect(state.processing.counts()).toMatchObject({ done: 2, pending: 0 })
    expect(existsSync(join(dir, 'c/1-a.jpg'))).toBe(true) // --keep-originals
  })

  const ffmpeg = findFfmpeg()
  it.skipIf(!ffmpeg)('transcodes a video to an H.264/AAC MP4 that ffprobe reads (skips only without ffmpeg)', async () => {
    const { dir, state } = vault()
    mkdirSync(join(dir, 'c'), { recursive: true })
    await run(ffmpeg!, ['-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=640x360:rate=25:duration=1',
      '-f', 'lavfi', '-i', 'sine=frequency=440:duration=1', '-c:v', 'mpeg4', '-q:v', '2', '-c:a', 'libvorbis', join(dir, 'c/3-v.mkv')])
    placeFile(state, 3, 'v', 'c/3-v.mkv')
    const p = new MediaProcessor(state, dir, { video: new Transcoder(ffmpeg!, { ...VIDEO_DEFAULTS, maxEdge: 320 }, false), keepOriginals: false },
      new PoolCoordinator({ io: 1, processing: 1, transcription: 1 }), MONTH, () => {})
    p.placed(1, 3, 'v', 'video', 'c/3-v.mkv')
    await p.drain()
    const probe = await run(findFfprobe(ffmpeg)!, ['-v', 'error', '-show_entries', 'stream=codec_name,width,height', '-of', 'csv=p=0', join(dir, 'c/3-v.mp4')])
    expect(probe.stdout.trim().split('\n').sort()).toEqual(['aac', 'h264,320,180'])
    expect(state.media.placement(1, 3, 'v')).toBe('c/3-v.mp4')
  })

  it('without ffmpeg, transcoding and transcription are said to be off once, and photos still go', async () => {
    const { dir, state } = vault()
    mkdirSync(join(dir, 'c'), { recursive: true })
    await rotatedPhoto(join(dir, 'c/1-a.jpg'))
    placeFile(state, 1, 'a', 'c/1-a.jpg')
    const said: string[] = []
    const env = { PATH: '/nonexistent', FFMPEG_PATH: '/nonexistent/ffmpeg' }
    const p = createProcessor(state, dir, MONTH, { optimizeImages: {}, transcode: {}, transcribe: { engine: 'pocketsphinx' } },
      { env, warn: (l) => said.push(l) })
    for (let i = 10; i < 14; i++) {
      placeFile(state, i, `v${i}`, 'c/x.ogg')
      p.placed(1, i, `v${i}`, i % 2 ? 'voice' : 'video', 'c/x.ogg')
    }
    p.placed(1, 1, 'a', 'photo', 'c/1-a.jpg')
    await p.drain()
    await p.stop()
    expect(said).toEqual(['ffmpeg not found (install ffmpeg or set FFMPEG_PATH): videos are not transcoded, voice notes are not transcribed'])
    expect(p.stats.images).toBe(1)
    // the voice notes wait for a run that has the tools
    expect(state.processing.counts()).toMatchObject({ done: 1, pending: 2 })
  })
})

describe('outputPath', () => {
  it('changes the extension, or marks a file that has it already', () => {
    expect(outputPath('a/1-x.jpg', '.webp', 'image')).toBe('a/1-x.webp')
    expect(outputPath('a/1-x.webp', '.webp', 'image')).toBe('a/1-x.opt.webp')
    expect(outputPath('a/1-x.MP4', '.mp4', 'video')).toBe('a/1-x.h264.mp4')
    expect(outputPath('a/1-x', '.mp4', 'video')).toBe('a/1-x.mp4')
  })
})
