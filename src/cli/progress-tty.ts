// Live progress on a terminal: one line per chat (count, rate, ETA), redrawn in place, then a summary.
import type { ChatProgress, Progress, Summary } from '../export/progress.ts'

export function ttyProgress(out: NodeJS.WriteStream = process.stderr): Progress {
  let current: { p: ChatProgress; started: number } | undefined
  let lastDraw = 0
  let media = ''
  const draw = (force = false) => {
    const now = Date.now()
    if (!current || (!force && now - lastDraw < 100)) return
    lastDraw = now
    out.write(`\r\x1b[2K${line(current.p, current.started, now)}${media}`)
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
      if (current) current.p = p
      draw(true)
      out.write('\n')
      current = undefined
    },
    takeoutDelay(left) {
      out.write(left > 0 ? `\r\x1b[2KTelegram asks to wait before the takeout session opens: ${left}s` : '\r\x1b[2K')
    },
    media(p) {
      media = `  media ${p.files} files, ${(p.bytes / 2 ** 20).toFixed(1)} MB${p.queued ? `, ${p.queued} queued` : ''}`
      draw()
    },
    warn(message) {
      out.write(`\r\x1b[2Kwarning: ${message}\n`)
      draw(true)
    },
    summary(s) {
      out.write(summaryText(s))
    },
  }
}

function line(p: ChatProgress, started: number, now: number): string {
  const secs = Math.max((now - started) / 1000, 0.001)
  const rate = p.done / secs
  const total = p.total ? `/${p.total}` : ''
  const left = p.total && rate > 0 ? Math.max(0, (p.total - p.done) / rate) : undefined
  const eta = left !== undefined && p.done < (p.total ?? 0) ? `  ETA ${Math.ceil(left)}s` : ''
  const title = p.title.length > 32 ? `${p.title.slice(0, 31)}…` : p.title
  return `${p.kind.padEnd(10)} ${title.padEnd(32)} ${String(p.done).padStart(8)}${total} msgs  ${rate.toFixed(0)} msg/s${eta}`
}

export function summaryText(s: Summary): string {
  return [
    '',
    `Exported ${s.messages} messages from ${s.chats} chats in ${s.seconds.toFixed(1)} s (${s.msg_per_s} msg/s) into ${s.vault}`,
    `  requests ${s.requests} (${s.messages_per_request} msgs each), flood waits ${s.flood_waits}, peak memory ${s.peak_rss_mb} MB`,
    `  time: waiting on Telegram ${s.wait_ms} ms, storing ${s.store_ms} ms, rendering+writing ${s.render_write_ms} ms (${s.notes_written} notes)`,
    s.media_files || s.media_skipped ? `  media: ${s.media_files} files, ${(s.media_bytes / 2 ** 20).toFixed(1)} MB, ${s.media_skipped} skipped` : '',
    '',
  ].filter((l, i, a) => l || i === a.length - 1).join('\n')
}
