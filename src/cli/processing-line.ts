// The processing line of the terminal display: jobs done of those started, what they did, failures,
// and an ETA from the jobs finished over the last half-minute (issue 12: after the downloads, this
// phase can take minutes and nothing else moves on the screen meanwhile).
import type { ProcessTick } from '../export/progress.ts'
import { formatSeconds } from './tty-text.ts'

/** a video or a transcript takes long: a shorter window would swing the ETA with each one */
const WINDOW_MS = 30_000

/** Returns a formatter that keeps the recent ticks for the rate; `columns` is the terminal's width. */
export function processingLine(): (t: ProcessTick, now: number, columns: number) => string {
  const samples: [number, number][] = []
  return (t, now, columns) => {
    samples.push([now, t.done])
    while (samples.length > 2 && now - samples[0]![0] > WINDOW_MS) samples.shift()
    const [t0, d0] = samples[0]!
    const rate = now > t0 ? (t.done - d0) / (now - t0) * 1000 : 0
    const head = `processing ${t.done}/${t.total} jobs`
    const kinds = ([['images', t.images], ['videos', t.videos], ['transcripts', t.transcripts]] as const)
      .filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ')
    const failed = t.failed ? `, ${t.failed} failed` : ''
    const skipped = t.skipped ? `, ${t.skipped} unchanged` : ''
    const eta = rate > 0 && t.done < t.total ? `, ETA ${formatSeconds((t.total - t.done) / rate)}` : ''
    // the least telling parts go first when the line is too wide: the counts and the ETA stay
    const candidates = [
      `${head}${kinds && ` (${kinds})`}${failed}${skipped}${eta}`,
      `${head}${kinds && ` (${kinds})`}${failed}${eta}`,
      `${head}${failed}${eta}`,
    ]
    return candidates.find((l) => l.length <= columns - 1) ?? candidates.at(-1)!
  }
}
