// The processing flags export, demo and `tobs process` share, and the spec they make.
import type { Command } from 'commander'
import type { ProcessSpec } from '../export/processing.ts'
import { ENGINES, type Engine } from '../media/process/transcribe.ts'
import { count, flag, oneOf } from './flags.ts'
import { UsageError } from './usage.ts'

export interface ProcessFlags {
  optimizeImages?: boolean
  imageFormat?: 'webp' | 'jpeg'
  imageQuality?: number
  imageMaxEdge?: number
  transcode?: boolean
  videoCrf?: number
  videoMaxEdge?: number
  transcribe?: boolean | string
  whisperModel?: string
  keepOriginals?: boolean
  processWorkers?: number
}

export const processFlags = (cmd: Command): Command => cmd
  .option('--optimize-images', 'after download: photos rotated upright, scaled to --image-max-edge, re-encoded (sharp)')
  .addOption(flag('--image-format <format>', 'format of optimised photos: webp or jpeg (default webp)', oneOf(['webp', 'jpeg'] as const)))
  .addOption(flag('--image-quality <1-100>', 'quality of optimised photos (default 80)', count(1, 100)))
  .addOption(flag('--image-max-edge <px>', 'longest edge of optimised photos (default 2560)', count(16)))
  .option('--transcode', 'after download: videos to H.264/AAC MP4 (ffmpeg on PATH or FFMPEG_PATH)')
  .addOption(flag('--video-crf <n>', 'x264 quality of transcoded videos, 18 best .. 30 smallest (default 26)', count(0, 51)))
  .addOption(flag('--video-max-edge <px>', 'longest edge of transcoded videos (default 1280)', count(16)))
  .option('--transcribe [engine]', `voice notes and round videos to text: ${ENGINES.join(', ')} (default pocketsphinx)`)
  .option('--whisper-model <file>', 'ggml model file for --transcribe whisper (or WHISPER_MODEL)')
  .option('--keep-originals', 'keep the downloaded file beside the processed one')
  .addOption(flag('--process-workers <n>', 'files processed at once (default: cores - 1)', count(1, 64)))

export function processSpec(f: ProcessFlags): ProcessSpec | undefined {
  const engine = f.transcribe === true ? 'pocketsphinx' : f.transcribe
  if (typeof engine === 'string' && !ENGINES.includes(engine as Engine)) {
    throw new UsageError(`unknown --transcribe engine "${engine}"; engines: ${ENGINES.join(', ')}`)
  }
  if (!f.optimizeImages && !f.transcode && !engine) return undefined
  return {
    optimizeImages: f.optimizeImages ? defined({ format: f.imageFormat, quality: f.imageQuality, maxEdge: f.imageMaxEdge }) : undefined,
    transcode: f.transcode ? defined({ crf: f.videoCrf, maxEdge: f.videoMaxEdge }) : undefined,
    transcribe: engine ? { engine: engine as Engine, whisperModel: f.whisperModel } : undefined,
    keepOriginals: f.keepOriginals ?? false,
    workers: f.processWorkers,
  }
}

/** drops undefined fields, so defaults fill them */
function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>
}
