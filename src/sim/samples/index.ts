// The simulator's library of real sample media (made once by scripts/make-sim-samples.sh and
// committed): what each file is and, for speech, the sentence it says, so a test can check a
// transcript against it. The world takes voice notes, round videos, videos, animations, audio and
// stickers from here (issue 11).
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FileKind } from '../../model/types.ts'

export interface Sample {
  /** file name in src/sim/samples */
  file: string
  kind: FileKind
  mime: string
  /** seconds, rounded up as Telegram states it */
  duration?: number
  width?: number
  height?: number
  /** the English sentence spoken in it (espeak-ng), lower case without punctuation */
  sentence?: string
}

export const SAMPLES: readonly Sample[] = [
  { file: 'voice-1.ogg', kind: 'voice', mime: 'audio/ogg', duration: 3, sentence: 'hello world this is a test' },
  { file: 'voice-2.ogg', kind: 'voice', mime: 'audio/ogg', duration: 3, sentence: 'i would like a cup of coffee' },
  { file: 'voice-3.ogg', kind: 'voice', mime: 'audio/ogg', duration: 3, sentence: 'please call me back tomorrow morning' },
  { file: 'voice-4.ogg', kind: 'voice', mime: 'audio/ogg', duration: 2, sentence: 'welcome to the archive' },
  { file: 'round.mp4', kind: 'video_note', mime: 'video/mp4', duration: 2, width: 240, height: 240, sentence: 'welcome to the archive' },
  { file: 'video.mp4', kind: 'video', mime: 'video/mp4', duration: 3, width: 320, height: 180, sentence: 'hello world this is a test' },
  { file: 'audio.mp3', kind: 'audio', mime: 'audio/mpeg', duration: 3, sentence: 'i would like a cup of coffee' },
  { file: 'animation.mp4', kind: 'animation', mime: 'video/mp4', duration: 2, width: 160, height: 120 },
  { file: 'sticker.webp', kind: 'sticker', mime: 'image/webp', width: 512, height: 512 },
]

/** The samples of one kind, in a fixed order. */
export function samplesOf(kind: FileKind): readonly Sample[] {
  return SAMPLES.filter((s) => s.kind === kind)
}

/** The sample a world file of this kind takes, chosen by a hash; undefined for kinds without samples. */
export function pickSample(kind: FileKind, h: number): Sample | undefined {
  const list = samplesOf(kind)
  return list.length ? list[(h >>> 0) % list.length] : undefined
}

/** The sample whose file name is `file`. */
export function sampleNamed(file: string): Sample | undefined {
  return SAMPLES.find((s) => s.file === file)
}

const here = dirname(fileURLToPath(import.meta.url))
// tsc does not copy binaries: from dist/src/sim/samples the files are in the source tree
const folder = [here, join(here, '../../../../src/sim/samples')].find((d) => existsSync(join(d, 'voice-1.ogg'))) ?? here

/** Absolute path of a sample file (tests hand it to ffmpeg or a recogniser). */
export function samplePath(sample: Sample | string): string {
  return join(folder, typeof sample === 'string' ? sample : sample.file)
}

const cache = new Map<string, Uint8Array>()

/** A sample's bytes, read once (the whole library is under 100 KB). */
export function sampleBytes(sample: Sample): Uint8Array {
  let b = cache.get(sample.file)
  if (!b) cache.set(sample.file, (b = new Uint8Array(readFileSync(samplePath(sample)))))
  return b
}
