// The processing flags export, demo and `tobs process` share, and the spec they make.
import { type Command, Option } from 'commander'
import type { ProcessSpec } from '../export/processing.ts'
import { ENGINES, type Engine } from '../media/process/transcribe.ts'
import { int } from './flags.ts'
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
  .addOption(new Option('--image-format <format>', 'format of optimised photos').choices(['webp', 'jpeg']))
  .option('--image-quality <1-100>', 'quality of optimised photos (default 80)', int)
  .option('--image-max-edge <px>', 'longest edge of optimised photos (default 2560)', int)
  .option('--transcode', 'after download: videos to H.264/AAC MP4 (ffmpeg on PATH or FFMPEG_PATH)')
  .option('--video-crf <n>', 'x264 quality of transcoded videos, 18 best .. 30 smallest (default 26)', int)
  .option('--video-max-edge <px>', 'longest edge of transcoded videos (default 1280)', int)
  .option('--transcribe [engine]', `voice notes and round videos to text: ${ENGINES.join(', ')} (default pocketsphinx)`)
  .option('--whisper-model <file>', 'ggml model file for --transcribe whisper (or WHISPER_MODEL)')
  .option('--keep-originals', 'keep the downloaded file beside the processed one')
  .option('--process-workers <n>', 'files processed at once (default: cores - 1)', int)

export function processSpec(f: ProcessFlags): ProcessSpec | undefined {
  const engine = f.transcribe === true ? 'pocketsphinx' : f.transcribe
  if (typeof engine === 'string' && !ENGINES.includes(engine as Engine)) {
    throw new UsageError(`unknown --transcribe engine "${engine}"; engines: ${ENGINES.join(', ')}`)
  }
  if (f.imageQuality !== undefined && (f.imageQuality < 1 || f.imageQuality > 100)) {
    throw new UsageError('--image-quality must be between 1 and 100')
  }
  if (f.processWorkers === 0) throw new UsageError('--process-workers must be at least 1')
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
