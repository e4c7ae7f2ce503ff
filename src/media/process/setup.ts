// From the user's choices (ProcessSpec, plain data the CLI fills) to a MediaProcessor: finds the
// tools, says once what is missing, sizes the pools.
import { tmpdir } from 'node:os'
import { PoolCoordinator } from '../../runtime/coordinator.ts'
import type { StateDb } from '../../vault/state.ts'
import { IMAGE_DEFAULTS, type ImageOptions } from './image.ts'
import { MediaProcessor, type PeriodOf, type ProcessTick } from './runner.ts'
import { findFfmpeg } from './tools.ts'
import { makeTranscriber, type Engine, type TranscriberConfig } from './transcribe.ts'
import { Transcoder, VIDEO_DEFAULTS, type VideoOptions } from './video.ts'

export interface ProcessSpec {
  optimizeImages?: Partial<ImageOptions>
  transcode?: Partial<VideoOptions>
  transcribe?: { engine: Engine; whisperModel?: string }
  keepOriginals?: boolean
  /** processing workers (default: cores - 1) */
  workers?: number
}

export interface ProcessEnv {
  env: NodeJS.ProcessEnv
  warn: (line: string) => void
  /** Telegram's transcribeAudio, when a client is connected */
  telegram?: TranscriberConfig['telegram']
  /** the run's pools (the export's, whose 'io' pool downloads); default: a coordinator of its own */
  pools?: PoolCoordinator
  /** how far the jobs are (the run's progress display) */
  progress?: (t: ProcessTick) => void
}

export function wantsProcessing(spec: ProcessSpec | undefined): spec is ProcessSpec {
  return Boolean(spec && (spec.optimizeImages || spec.transcode || spec.transcribe))
}

export function createProcessor(state: StateDb, vaultDir: string, periodOf: PeriodOf, spec: ProcessSpec, pe: ProcessEnv): MediaProcessor {
  const ffmpeg = findFfmpeg(pe.env)
  let video: Transcoder | undefined
  if (spec.transcode) {
    if (ffmpeg) video = new Transcoder(ffmpeg, { ...VIDEO_DEFAULTS, ...spec.transcode })
  }
  const transcriber = spec.transcribe && makeTranscriber({
    engine: spec.transcribe.engine, ffmpeg, tmpDir: tmpdir(), telegram: pe.telegram,
    whisperBin: pe.env.WHISPER_CPP_PATH, whisperModel: spec.transcribe.whisperModel ?? pe.env.WHISPER_MODEL,
    apiUrl: pe.env.TRANSCRIBE_URL, apiKey: pe.env.TRANSCRIBE_API_KEY, apiModel: pe.env.TRANSCRIBE_MODEL,
  })
  const pools = pe.pools ?? PoolCoordinator.forDir(vaultDir, spec.workers ? { processing: spec.workers } : {})
  const p = new MediaProcessor(state, vaultDir, {
    image: spec.optimizeImages && { ...IMAGE_DEFAULTS, ...spec.optimizeImages },
    video, transcriber, keepOriginals: spec.keepOriginals ?? false,
  }, pools, periodOf, pe.warn)
  p.onProgress = pe.progress
  const offline = spec.transcribe && spec.transcribe.engine !== 'openai' && spec.transcribe.engine !== 'telegram'
  const lost = [spec.transcode && 'videos are not transcoded', offline && 'voice notes are not transcribed'].filter(Boolean)
  // one line for everything ffmpeg would have done; the rest of the run goes on
  if (!ffmpeg && lost.length) p.warnOnce('missing:ffmpeg', `ffmpeg not found (install ffmpeg or set FFMPEG_PATH): ${lost.join(', ')}`)
  return p
}
