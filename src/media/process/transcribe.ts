// --transcribe: voice notes and round videos to text through a pluggable transcriber. Each engine
// says what it lacks in one line (missing()) instead of failing file after file.
import { existsSync } from 'node:fs'
import { readFile, rm } from 'node:fs/promises'
import { basename } from 'node:path'
import { run, which } from './tools.ts'

export type Engine = 'pocketsphinx' | 'whisper' | 'openai' | 'telegram'
export const ENGINES: readonly Engine[] = ['pocketsphinx', 'whisper', 'openai', 'telegram']

export interface TranscribeInput {
  /** absolute path of the placed voice note or round video */
  path: string
  chatId: number
  msgId: number
}

export interface Transcriber {
  readonly engine: Engine
  /** undefined when ready; else one line: what is missing and how to get it */
  missing(): string | undefined
  transcribe(input: TranscribeInput, signal?: AbortSignal): Promise<string>
}

export interface TranscriberConfig {
  engine: Engine
  ffmpeg?: string
  /** pocketsphinx acoustic model folder (holds en-us/, en-us.lm.bin, cmudict-en-us.dict) */
  sphinxModel?: string
  /** whisper.cpp: the binary (default whisper-cli on PATH) and the ggml model file the user gives */
  whisperBin?: string
  whisperModel?: string
  /** OpenAI-compatible endpoint: base URL (…/v1), key, model */
  apiUrl?: string
  apiKey?: string
  apiModel?: string
  /** Telegram's messages.transcribeAudio, given by the export (needs the client) */
  telegram?: (chatId: number, msgId: number, signal?: AbortSignal) => Promise<string>
  tmpDir: string
}

export const SPHINX_MODEL = '/usr/share/pocketsphinx/model/en-us'

export function makeTranscriber(c: TranscriberConfig): Transcriber {
  switch (c.engine) {
    case 'pocketsphinx': return pocketsphinx(c)
    case 'whisper': return whisperCpp(c)
    case 'openai': return openAiEndpoint(c)
    case 'telegram': return telegram(c)
  }
}

/** 16 kHz mono 16-bit WAV, what both offline recognisers read. */
async function toWav(ffmpeg: string, from: string, tmpDir: string, signal?: AbortSignal): Promise<string> {
  const wav = `${tmpDir}/${basename(from)}.${process.pid}.${Math.random().toString(36).slice(2)}.wav`
  await run(ffmpeg, ['-nostdin', '-loglevel', 'error', '-y', '-i', from, '-vn', '-ar', '16000', '-ac', '1', '-c:a', 'pcm_s16le', '-f', 'wav', wav], signal)
  return wav
}

function pocketsphinx(c: TranscriberConfig): Transcriber {
  const bin = which('pocketsphinx_continuous')
  const model = c.sphinxModel ?? SPHINX_MODEL
  return {
    engine: 'pocketsphinx',
    missing: () =>
      !c.ffmpeg ? 'ffmpeg not found (install ffmpeg or set FFMPEG_PATH): voice notes are not transcribed'
      : !bin ? 'pocketsphinx_continuous not found (apt-get install pocketsphinx pocketsphinx-en-us): voice notes are not transcribed'
      : !existsSync(`${model}/en-us.lm.bin`) ? `no pocketsphinx model in ${model} (apt-get install pocketsphinx-en-us): voice notes are not transcribed`
      : undefined,
    async transcribe(input, signal) {
      const wav = await toWav(c.ffmpeg!, input.path, c.tmpDir, signal)
      try {
        const { stdout } = await run(bin!, [
          '-infile', wav, '-hmm', `${model}/en-us`, '-lm', `${model}/en-us.lm.bin`, '-dict', `${model}/cmudict-en-us.dict`,
          '-logfn', '/dev/null',
        ], signal)
        // one line per utterance
        return stdout.split('\n').map((l) => l.trim()).filter(Boolean).join(' ')
      } finally {
        await rm(wav, { force: true })
      }
    },
  }
}

function whisperCpp(c: TranscriberConfig): Transcriber {
  const bin = c.whisperBin ?? which('whisper-cli') ?? which('whisper-cpp')
  return {
    engine: 'whisper',
    missing: () =>
      !c.ffmpeg ? 'ffmpeg not found (install ffmpeg or set FFMPEG_PATH): voice notes are not transcribed'
      : !bin || !existsSync(bin) ? 'whisper.cpp not found (put whisper-cli on PATH or set WHISPER_CPP_PATH): voice notes are not transcribed'
      : !c.whisperModel || !existsSync(c.whisperModel) ? 'no whisper model (give a ggml model file with --whisper-model or WHISPER_MODEL): voice notes are not transcribed'
      : undefined,
    async transcribe(input, signal) {
      const wav = await toWav(c.ffmpeg!, input.path, c.tmpDir, signal)
      try {
        const { stdout } = await run(bin!, ['-m', c.whisperModel!, '-f', wav, '-nt', '-np'], signal)
        return stdout.split('\n').map((l) => l.trim()).filter(Boolean).join(' ')
      } finally {
        await rm(wav, { force: true })
      }
    },
  }
}

function openAiEndpoint(c: TranscriberConfig): Transcriber {
  return {
    engine: 'openai',
    missing: () => (!c.apiUrl ? 'no transcription endpoint (set TRANSCRIBE_URL to an OpenAI-compatible …/v1): voice notes are not transcribed' : undefined),
    async transcribe(input, signal) {
      const form = new FormData()
      form.set('model', c.apiModel ?? 'whisper-1')
      form.set('file', new Blob([await readFile(input.path)]), basename(input.path))
      const res = await fetch(`${c.apiUrl!.replace(/\/+$/, '')}/audio/transcriptions`, {
        method: 'POST', body: form, signal, headers: c.apiKey ? { authorization: `Bearer ${c.apiKey}` } : {},
      })
      if (!res.ok) throw new Error(`transcription endpoint answered ${res.status}`)
      const body = (await res.json()) as { text?: unknown }
      if (typeof body.text !== 'string') throw new Error('transcription endpoint answered without text')
      return body.text.trim()
    },
  }
}

function telegram(c: TranscriberConfig): Transcriber {
  return {
    engine: 'telegram',
    missing: () => (!c.telegram ? 'Telegram transcription needs a connection (run it from export, not tobs process): voice notes are not transcribed' : undefined),
    transcribe: (input, signal) => c.telegram!(input.chatId, input.msgId, signal),
  }
}
