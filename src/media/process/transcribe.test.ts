// Transcribers on the simulator's real voice samples: pocketsphinx for real; the OpenAI-compatible
// client against a loopback HTTP server that checks what a real endpoint would receive.
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import type { AddressInfo } from 'node:net'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { SAMPLES, samplePath } from '../../sim/samples/index.ts'
import { findFfmpeg, which } from './tools.ts'
import { makeTranscriber } from './transcribe.ts'

const ffmpeg = findFfmpeg()
const voice = SAMPLES.find((s) => s.kind === 'voice' && s.sentence)!

describe('transcribers', () => {
  it.skipIf(!ffmpeg || !which('pocketsphinx_continuous'))('pocketsphinx hears words of the sample sentence (needs ffmpeg + pocketsphinx)', async () => {
    const t = makeTranscriber({ engine: 'pocketsphinx', ffmpeg, tmpDir: tmpdir() })
    expect(t.missing()).toBeUndefined()
    const text = await t.transcribe({ path: samplePath(voice), chatId: 1, msgId: 1 })
    const heard = new Set(text.split(' '))
    expect(voice.sentence!.split(' ').filter((w) => w.length >= 4 && heard.has(w)).length, text).toBeGreaterThan(0)
  }, 60_000)

  it('the OpenAI-compatible client posts the file and model and reads the text', async () => {
    let seen = { url: '', auth: '', body: Buffer.alloc(0) }
    const server = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        seen = { url: req.url ?? '', auth: req.headers.authorization ?? '', body: Buffer.concat(chunks) }
        res.setHeader('content-type', 'application/json')
        res.end(JSON.stringify({ text: ' hello there ' }))
      })
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    try {
      const port = (server.address() as AddressInfo).port
      const t = makeTranscriber({ engine: 'openai', apiUrl: `http://127.0.0.1:${port}/v1/`, apiKey: 'k', apiModel: 'm1', tmpDir: tmpdir() })
      expect(await t.transcribe({ path: samplePath(voice), chatId: 1, msgId: 1 })).toBe('hello there')
      expect(seen.url).toBe('/v1/audio/transcriptions')
      expect(seen.auth).toBe('Bearer k')
      const text = seen.body.toString('latin1')
      expect(text).toContain('name="model"\r\n\r\nm1')
      // the audio itself went along, byte for byte
      expect(seen.body.includes(readFileSync(samplePath(voice)))).toBe(true)
    } finally {
      server.close()
    }
  })

  it('each engine says in one line what it lacks', () => {
    const base = { tmpDir: tmpdir() }
    expect(makeTranscriber({ ...base, engine: 'pocketsphinx' }).missing()).toMatch(/^ffmpeg not found/)
    expect(makeTranscriber({ ...base, engine: 'whisper', ffmpeg: '/bin/true', whisperBin: '/bin/true' }).missing()).toMatch(/no whisper model/)
    expect(makeTranscriber({ ...base, engine: 'openai' }).missing()).toMatch(/TRANSCRIBE_URL/)
    expect(makeTranscriber({ ...base, engine: 'telegram' }).missing()).toMatch(/needs a connection/)
  })
})
