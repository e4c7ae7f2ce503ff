// The media line of the terminal display: files and bytes stored, the download rate over the last
// few seconds, an ETA from the bytes still queued, and what was skipped (issue 11).
import type { Summary } from '../export/progress.ts'

export interface MediaTick { files: number; bytes: number; skipped: number; queued: number; received?: number; queuedBytes?: number }

const WINDOW_MS = 5000
const mb = (n: number) => (n / 2 ** 20).toFixed(1)

export function mediaLine(): (p: MediaTick, now: number) => string {
  const samples: [number, number][] = []
  return (p, now) => {
    const received = p.received ?? p.bytes
    samples.push([now, received])
    while (samples.length > 2 && now - samples[0]![0] > WINDOW_MS) samples.shift()
    const [t0, r0] = samples[0]!
    const rate = now > t0 ? ((received - r0) / (now - t0)) * 1000 : 0
    let line = `media      ${p.files} files, ${mb(p.bytes)} MB`
    if (rate > 0) line += `, ${mb(rate)} MB/s`
    if (rate > 0 && p.queuedBytes) line += `, ETA ${eta(p.queuedBytes / rate)}`
    if (p.queued) line += `, ${p.queued} queued`
    if (p.skipped) line += `, ${p.skipped} skipped`
    return line
  }
}

function eta(s: number): string {
  if (s < 90) return `${Math.ceil(s)}s`
  if (s < 5400) return `${Math.round(s / 60)}m`
  return `${(s / 3600).toFixed(1)}h`
}

/** Summary lines for media still missing at the end, grouped by reason. */
export function missingLines(s: Summary): string[] {
  const missing = (s.media_missing as { reason: string }[] | undefined) ?? []
  if (missing.length === 0) return []
  const byReason = new Map<string, number>()
  for (const m of missing) byReason.set(m.reason, (byReason.get(m.reason) ?? 0) + 1)
  const lines = [`  media missing: ${missing.length} files (placeholders in the notes; failed ones are retried on the next run)`]
  for (const [reason, n] of [...byReason].sort((a, b) => b[1] - a[1]).slice(0, 6)) lines.push(`    ${n} × ${reason}`.slice(0, 79))
  return lines
}
