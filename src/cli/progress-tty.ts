// Live progress on a terminal: a line for the chat being exported (count, rate, ETA from the
// server's count), a line per forum topic, one for media, redrawn in place; then a summary.
import type { ChatProgress, Progress, Summary } from '../export/progress.ts'
import type { Out } from './io.ts'

const MAX_TOPIC_LINES = 8

export function ttyProgress(out: Out): Progress {
  let current: { p: ChatProgress; started: number } | undefined
  let media = ''
  let drawn = 0
  let lastDraw = 0

  const clear = () => {
    if (drawn > 0) out.write(`\r\x1b[${drawn}A\x1b[0J`)
    drawn = 0
  }
  const draw = (force = false) => {
    const now = Date.now()
    if (!force && now - lastDraw < 100) return
    lastDraw = now
    const lines = current ? chatLines(current.p, current.started, now) : []
    if (media) lines.push(media)
    clear()
    if (lines.length) out.write(lines.join('\n') + '\n')
    drawn = lines.length
  }

  return {
    chatStarted(p) {
      current = { p, started: Date.now() }
      draw(true)
    },
    chatAdvanced(p) {
      if (current) current.p = p
      draw()
    },
    chatFinished(p) {
      // the finished chat's lines stay on screen; the live area (media) follows below them
      clear()
      if (current) out.write(chatLines(p, current.started, Date.now()).join('\n') + '\n')
      current = undefined
      draw(true)
    },
    takeoutDelay(left) {
      clear()
      if (left > 0) {
        out.write(`Telegram asks to wait before the takeout session opens: ${left}s\n`)
        drawn = 1
      }
    },
    media(p) {
      media = `media      ${p.files} files, ${(p.bytes / 2 ** 20).toFixed(1)} MB, ${p.skipped} skipped${p.queued ? `, ${p.queued} queued` : ''}`
      draw()
    },
    warn(message) {
      clear()
      out.write(`warning: ${message}\n`)
      draw(true)
    },
    summary(s) {
      clear()
      out.write(summaryText(s))
    },
  }
}

function chatLines(p: ChatProgress, started: number, now: number): string[] {
  const secs = Math.max((now - started) / 1000, 0.001)
  const rate = p.done / secs
  const total = p.total ? `/${p.total}` : ''
  const left = p.total && rate > 0 ? Math.max(0, (p.total - p.done) / rate) : undefined
  const eta = left !== undefined && p.done < (p.total ?? 0) ? `  ETA ${formatSeconds(left)}` : ''
  const bar = p.total ? ` ${bar20(p.done / p.total)}` : ''
  const title = clip(p.topic ? `${p.title} › ${p.topic}` : p.title, 32)
  const lines = [`${p.kind.padEnd(10)} ${title.padEnd(32)}${bar} ${String(p.done).padStart(8)}${total}  ${rate.toFixed(0)} msg/s${eta}`]
  const topics = [...(p.topics ?? [])].sort((a, b) => b.done - a.done)
  for (const t of topics.slice(0, MAX_TOPIC_LINES)) {
    lines.push(`  › ${clip(t.title, 38).padEnd(38)} ${String(t.done).padStart(8)}  ${(t.done / secs).toFixed(0)} msg/s`)
  }
  if (topics.length > MAX_TOPIC_LINES) lines.push(`  › … and ${topics.length - MAX_TOPIC_LINES} more topics`)
  return lines
}

function bar20(f: number): string {
  const n = Math.max(0, Math.min(20, Math.round(f * 20)))
  return `[${'#'.repeat(n)}${'.'.repeat(20 - n)}]`
}

function clip(s: string, n: number): string {
  // strip control characters: titles come from Telegram and must not drive the terminal
  const clean = s.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')
  return clean.length > n ? `${clean.slice(0, n - 1)}…` : clean
}

function formatSeconds(s: number): string {
  if (s < 90) return `${Math.ceil(s)}s`
  if (s < 5400) return `${Math.round(s / 60)}m`
  return `${(s / 3600).toFixed(1)}h`
}

export function summaryText(s: Summary): string {
  const lines = [
    `Exported ${s.messages} messages from ${s.chats} chats in ${s.seconds.toFixed(1)} s (${s.msg_per_s} msg/s) into ${s.vault}`,
    `  requests ${s.requests} (${s.messages_per_request} messages each), flood waits ${s.flood_waits}, peak memory ${s.peak_rss_mb} MB`,
    `  time: waiting on Telegram ${s.wait_ms} ms, storing ${s.store_ms} ms, rendering and writing ${s.render_write_ms} ms (${s.notes_written} notes)`,
  ]
  if (s.media_files || s.media_skipped) {
    lines.push(`  media: ${s.media_files} files, ${(s.media_bytes / 2 ** 20).toFixed(1)} MB, ${s.media_skipped} skipped`)
  }
  return `\n${lines.join('\n')}\n`
}
