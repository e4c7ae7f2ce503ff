// Live progress on a terminal: a line for the chat being read (count, rate, ETA from the server's
// count), a line per busy forum topic, one for media and one for processing, redrawn in place and cut to the terminal's
// width; each finished chat leaves one line saying what its run did; then a summary that wraps.
// TERM=dumb gets no redrawing at all (finished chats and the summary only); NO_COLOR no colour.
import type { ChatProgress, Progress } from '../export/progress.ts'
import type { Out } from './io.ts'
import { mediaLine, type MediaTick } from './media-line.ts'
import { processingLine } from './processing-line.ts'
import { bar, cell, clean, fit, formatSeconds, held, outcome, paint, plural, rows, summaryText, type Screen } from './tty-text.ts'

const MAX_TOPIC_LINES = 6
const KIND = 10
/** what the right-hand side of a line needs at most, bar and ETA included */
const RIGHT = 38

export function ttyProgress(out: Out, env: NodeJS.ProcessEnv): Progress {
  const dumb = env.TERM === 'dumb'
  const screen: Screen = { columns: out.columns || 80, color: !dumb && env.NO_COLOR === undefined }
  let current: { p: ChatProgress; started: number } | undefined
  let media = ''
  let lastMedia: MediaTick | undefined
  const mediaText = mediaLine()
  let processing = ''
  const processingText = processingLine()
  let drawn: string[] = []
  let lastDraw = 0

  const clear = () => {
    // the live lines may have been reflowed by a resize since: count the rows they take now
    const up = drawn.reduce((n, l) => n + rows(l, screen.columns), 0)
    // line by line, as log-update does: erasing to the end of the screen from its top row makes
    // tmux (scroll-on-clear) push the whole screen into the scrollback, a copy per redraw
    if (up > 0) out.write(`\r${'\x1b[1A\x1b[2K'.repeat(up)}`)
    drawn = []
  }
  const draw = (force = false) => {
    if (dumb) return
    const now = Date.now()
    if (!force && now - lastDraw < 100) return
    lastDraw = now
    const lines = current ? liveLines(current.p, current.started, now, screen) : []
    if (media) lines.push(media)
    if (processing) lines.push(processing)
    clear()
    drawn = lines.map((l) => fit(l, screen))
    if (drawn.length) out.write(drawn.join('\n') + '\n')
  }
  /** A line that stays above the live area. */
  const print = (line: string) => {
    clear()
    out.write(`${fit(line, screen)}\n`)
    draw(true)
  }
  const onResize = () => {
    clear()
    screen.columns = out.columns || 80
    draw(true)
  }
  out.on?.('resize', onResize)

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
      current = undefined
      print(finishedLine(p, screen))
    },
    takeoutDelay(left) {
      clear()
      if (left > 0 && !dumb) {
        drawn = [fit(`Telegram asks to wait before the takeout session opens: ${left}s`, screen)]
        out.write(drawn[0] + '\n')
      }
    },
    media(p) {
      lastMedia = p
      media = mediaText(p, Date.now())
      draw()
    },
    processing(t) {
      // processing runs once the downloads are done: no media event comes, so the rate shown must decay
      if (lastMedia) media = mediaText(lastMedia, Date.now())
      processing = processingText(t, Date.now(), screen.columns)
      // the last job's line is drawn whatever the rate limit: it is the one that stays
      draw(t.done === t.total)
    },
    warn(message) {
      print(paint(screen, 33, `warning: ${clean(message)}`))
    },
    summary(s) {
      clear()
      out.off?.('resize', onResize)
      out.write(summaryText(s, screen))
    },
  }
}

/** Columns for titles: 28 on an 80-column screen, fewer on a narrower one (the rest is cut). */
function titleWidth(screen: Screen): number {
  return Math.max(8, Math.min(28, screen.columns - 1 - (KIND + 1) - 2 - RIGHT))
}

/** kind, title, then `right`, so the columns line up from one chat to the next. */
function row(kind: string, title: string, right: string, screen: Screen): string {
  return `${cell(kind, KIND)} ${cell(clean(title), titleWidth(screen))}  ${right}`
}

function liveLines(p: ChatProgress, started: number, now: number, screen: Screen): string[] {
  const secs = Math.max((now - started) / 1000, 0.001)
  const rate = p.done / secs
  const have = (p.stored ?? 0) + p.done
  const left = p.total && rate > 0 ? Math.max(0, (p.total - have) / rate) : undefined
  const eta = left !== undefined && have < (p.total ?? 0) ? ` ETA ${formatSeconds(left)}` : ''
  const meter = p.total ? `${bar(have / p.total)} ` : ''
  const title = p.topic ? `${p.title} › ${p.topic}` : p.title
  const lines = [row(p.kind, title, `${meter}${held(p).padStart(11)} ${rate.toFixed(0)} msg/s${eta}`, screen)]
  const topics = [...(p.topics ?? [])].sort((a, b) => b.done - a.done)
  for (const t of topics.slice(0, MAX_TOPIC_LINES)) {
    lines.push(`  › ${cell(clean(t.title), KIND - 3 + titleWidth(screen))}  ${String(t.done).padStart(11 + (p.total ? 13 : 0))} new`)
  }
  if (topics.length > MAX_TOPIC_LINES) lines.push(`  › … and ${topics.length - MAX_TOPIC_LINES} more topics`)
  return lines
}

function finishedLine(p: ChatProgress, screen: Screen): string {
  const words = outcome(p)
  const said = words === 'up to date' ? paint(screen, 32, words) : words
  const title = p.topic ? `${p.title} › ${p.topic}` : p.title
  return row(p.kind, title, `${held(p).padStart(9)}  ${said}`, screen)
}
