// The committed sample library matches its manifest: every file is there and is what it claims
// (checked with ffprobe, which CI installs with ffmpeg).
import { execFileSync } from 'node:child_process'
import { statSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { SAMPLES, pickSample, sampleBytes, samplePath, samplesOf } from './index.ts'

function probe(path: string): { codecs: string[]; width?: number; height?: number; duration: number } {
  const out = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', path]).toString())
  const video = out.streams.find((s: { codec_type: string }) => s.codec_type === 'video')
  return { codecs: out.streams.map((s: { codec_name: string }) => s.codec_name), width: video?.width, height: video?.height, duration: Number(out.format.duration) }
}

describe('sample media library', () => {
  it('holds small files that decode as their kind says', () => {
    for (const s of SAMPLES) {
      const size = statSync(samplePath(s)).size
      expect(size, s.file).toBeGreaterThan(500)
      expect(size, s.file).toBeLessThan(64 * 1024)
      expect(sampleBytes(s).length).toBe(size)
      const p = probe(samplePath(s))
      if (s.width) expect([p.width, p.height], s.file).toEqual([s.width, s.height])
      if (s.duration) expect(Math.ceil(p.duration), s.file).toBe(s.duration)
      const want = { voice: ['opus'], video_note: ['h264', 'aac'], video: ['h264', 'aac'], audio: ['mp3'], animation: ['h264'], sticker: ['webp'] } as Record<string, string[]>
      expect(p.codecs, s.file).toEqual(want[s.kind])
    }
  })

  it('gives every spoken sample its sentence and picks samples by hash', () => {
    expect(samplesOf('voice').length).toBeGreaterThanOrEqual(4)
    for (const s of samplesOf('voice')) expect(s.sentence).toMatch(/^[a-z ]+$/)
    expect(pickSample('voice', 1)).toBe(samplesOf('voice')[1])
    expect(pickSample('photo', 1)).toBeUndefined()
  })
})
