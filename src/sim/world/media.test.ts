// The world's files are real media of their kind (decoded by ffmpeg), sized as stated, readable at
// any offset, and equal content keys still give equal bytes.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { sampleNamed } from '../samples/index.ts'
import { createWorld } from './world.ts'
import { worldFiles } from './files.ts'
import type { SimFile } from './types.ts'


const dir = mkdtempSync(join(tmpdir(), 'tobs-media-'))

function probe(path: string): { codec: string; width?: number; height?: number } {
  const out = execFileSync('ffprobe', ['-v', 'error', '-show_streams', '-of', 'json', path])
  const s = JSON.parse(out.toString()).streams[0]
  return { codec: s.codec_name, width: s.width, height: s.height }
}

const world = createWorld({ seed: 11, messages: 2500 })
const all = worldFiles(world)

describe('media of the world', () => {
  it('are valid files of their kind with the stated dimensions', () => {
    const codec = { photo: 'mjpeg', sticker: 'webp', voice: 'opus', audio: 'mp3', video: 'h264', video_note: 'h264', animation: 'h264' } as Record<string, string>
    for (const kind of Object.keys(codec)) {
      const f = all.find((x) => x.kind === kind)
      expect(f, kind).toBeDefined()
      const bytes = world.fileBytes(f!.fileId, 0, f!.size)
      expect(bytes.length).toBe(f!.size)
      const path = join(dir, `${kind}.bin`)
      writeFileSync(path, bytes)
      const p = probe(path)
      expect(p.codec, kind).toBe(codec[kind])
      if (f!.width) expect([p.width, p.height], kind).toEqual([f!.width, f!.height])
      // a decoder reads the whole file without an error
      execFileSync('ffmpeg', ['-v', 'error', '-xerror', '-i', path, '-f', 'null', '-'])
    }
  })

  it('give every voice note a sample whose sentence is known', () => {
    const voices = all.filter((f) => f.kind === 'voice')
    expect(voices.length).toBeGreaterThan(5)
    for (const v of voices) expect(sampleNamed(v.sample!)?.sentence).toMatch(/^[a-z ]+$/)
    expect(new Set(voices.map((v) => v.sample)).size).toBeGreaterThan(1)
  })

  it('serve any range as a slice of the whole file, and differ unless they share content', () => {
    const big = all.filter((f) => f.size > 300_000).slice(0, 4)
    for (const f of big) {
      const whole = world.fileBytes(f.fileId, 0, f.size)
      for (const off of [0, 4096, 131072, f.size - 5000]) {
        expect(Buffer.from(world.fileBytes(f.fileId, off, 4096)).equals(Buffer.from(whole.subarray(off, off + 4096)))).toBe(true)
      }
    }
    const photos = all.filter((f) => f.kind === 'photo')
    const byKey = new Map<string, SimFile[]>()
    for (const p of photos) byKey.set(p.contentKey, [...(byKey.get(p.contentKey) ?? []), p])
    const shared = [...byKey.values()].find((l) => l.length > 1)!
    const other = photos.find((p) => p.contentKey !== shared[0]!.contentKey && p.size === shared[0]!.size)
    const a = Buffer.from(world.fileBytes(shared[0]!.fileId, 0, shared[0]!.size))
    expect(a.equals(Buffer.from(world.fileBytes(shared[1]!.fileId, 0, shared[1]!.size)))).toBe(true)
    if (other) expect(a.equals(Buffer.from(world.fileBytes(other.fileId, 0, other.size)))).toBe(false)
    const own = photos.filter((p) => p.contentKey.startsWith('own-')).slice(0, 2)
    expect(Buffer.from(world.fileBytes(own[0]!.fileId, 0, 4096)).equals(Buffer.from(world.fileBytes(own[1]!.fileId, 0, 4096)))).toBe(false)
  })
})
