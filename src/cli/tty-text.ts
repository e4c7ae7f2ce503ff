// Text for a terminal of a given width: visual widths (wide characters and emoji take two columns),
// lines cut to fit, titles made safe, and the end-of-run summary wrapped instead of overflowing.
import cliTruncate from 'cli-truncate'
import { missingLines } from './media-line.ts'
import stringWidth from 'string-width'
import wrapAnsi from 'wrap-ansi'
import type { ChatProgress, Summary } from '../export/progress.ts'

/** Where a terminal may draw: its width, and whether colour is welcome. */
export interface Screen {
  columns: number
  color: boolean
}

/** A line that fits: one column short of the edge, so no terminal wraps it. */
export function fit(line: string, screen: Screen): string {
  return cliTruncate(line, Math.max(10, screen.columns - 1))
}

/** Titles come from Telegram: control characters must not drive the terminal. */
export function clean(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
}

/** Cut or padded to exactly `n` columns. */
export function cell(s: string, n: number): string {
  const cut = stringWidth(s) > n ? cliTruncate(s, n) : s
  return cut + ' '.repeat(Math.max(0, n - stringWidth(cut)))
}

/** Terminal rows the line takes at this width (a terminal that reflows after a resize wraps it). */
export function rows(line: string, columns: number): number {
  return Math.max(1, Math.ceil(stringWidth(line) / Math.max(1, columns)))
}

export function paint(screen: Screen, code: number, s: string): string {
  return screen.color ? `\x1b[${code}m${s}\x1b[0m` : s
}

export function bar(fraction: number, width = 10): string {
  const n = Math.max(0, Math.min(width, Math.round(fraction * width)))
  return `[${'#'.repeat(n)}${'.'.repeat(width - n)}]`
}

export function formatSeconds(s: number): string {
  if (s < 90) return `${Math.ceil(s)}s`
  if (s < 5400) return `${Math.round(s / 60)}m`
  return `${(s / 3600).toFixed(1)}h`
}

/** How many of the chat's messages the vault holds now: stored before the run, plus new, less deleted. */
export function held(p: ChatProgress): string {
  const have = (p.stored ?? 0) + p.done - (p.deleted ?? 0)
  return p.total ? `${have}/${p.total}` : String(have)
}

/** What a finished chat's run did, in words: "up to date", or the new, edited and deleted counts. */
export function outcome(p: ChatProgress): string {
  const parts: string[] = []
  if (p.done) parts.push(`${p.done} new`)
  if (p.edited) parts.push(`${p.edited} edited`)
  if (p.deleted) parts.push(`${p.deleted} deleted`)
  // nothing new, but notes an interrupted run left unwritten (or relinks) were written now
  if (!parts.length) return p.notes ? `nothing new, ${plural(p.notes, 'note')}` : 'up to date'
  return `${parts.join(', ')}, ${plural(p.notes ?? 0, 'note')}`
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/** The end of a run, each line wrapped to the screen with its continuation indented. */
/** What --optimize-images, --transcode and --transcribe did (issue 12); none when they were off. */
function processingLine(s: Summary): string | undefined {
  const p = s.processing as { images: number; videos: number; transcripts: number; failed: number; bytes_saved: number; pending: number } | undefined
  if (!p) return undefined
  const parts = [plural(p.images, 'image') + ' optimised', plural(p.videos, 'video') + ' transcoded', plural(p.transcripts, 'transcript'),
    `${(p.bytes_saved / 2 ** 20).toFixed(1)} MB saved`]
  if (p.failed) parts.push(`${p.failed} failed`)
  if (p.pending) parts.push(`${p.pending} pending (tobs process runs them)`)
  return `  processing: ${parts.join(', ')}`
}

export function summaryText(s: Summary, screen: Screen): string {
  const edited = Number(s.edited ?? 0)
  const deleted = Number(s.deleted ?? 0)
  const changes = [edited && `${edited} edited`, deleted && `${deleted} deleted`].filter(Boolean).join(', ')
  const head = s.messages || changes
    ? `Exported ${plural(s.messages, 'new message')}${changes ? ` (${changes})` : ''} from ${plural(s.chats, 'chat')} in ${s.seconds.toFixed(1)} s (${s.msg_per_s} msg/s) into ${s.vault}`
    : `Up to date: no new messages in ${plural(s.chats, 'chat')} (${s.seconds.toFixed(1)} s); vault ${s.vault}`
  // a run without Telegram (convert) has no requests and no waiting to report
  const lines = s.requests ? [
    head,
    `  ${plural(s.notes_written, 'note')} written`,
    `  requests ${s.requests} (${s.messages_per_request} messages each), flood waits ${s.flood_waits}, peak memory ${s.peak_rss_mb} MB`,
    `  time: waiting on Telegram ${s.wait_ms} ms, storing ${s.store_ms} ms, rendering and writing ${s.render_write_ms} ms`,
  ] : [
    head,
    `  ${plural(s.notes_written, 'note')} written, peak memory ${s.peak_rss_mb} MB`,
    `  time: rendering and writing ${s.render_write_ms} ms`,
  ]
  if (s.media_files || s.media_skipped) {
    lines.push(`  media: ${plural(s.media_files, 'file')}, ${(s.media_bytes / 2 ** 20).toFixed(1)} MB, ${s.media_skipped} skipped`)
  }
  const proc = processingLine(s)
  if (proc) lines.push(proc)
  lines.push(...missingLines(s))
  // issue 16: notes the user changed are named at the end, not only in a warning that scrolled by
  const aside = Array.isArray(s.notes_kept_aside) ? (s.notes_kept_aside as string[]) : []
  if (s.notes_merged) lines.push(`  ${plural(Number(s.notes_merged), 'note')} kept your additions outside tobs's messages`)
  if (aside.length) lines.push(`  ${plural(aside.length, 'note')} you changed: tobs's version took their place, yours are kept as: ${aside.join(', ')}`)
  const width = Math.max(20, screen.columns - 1)
  const wrapped = lines.map((l) => {
    const indent = l.startsWith('  ') ? '    ' : '  '
    return wrapAnsi(l, width - indent.length, { hard: true, trim: false }).split('\n')
      .map((part, i) => (i === 0 ? part : indent + part.trimStart())).join('\n')
  })
  return `\n${wrapped.join('\n')}\n`
}
