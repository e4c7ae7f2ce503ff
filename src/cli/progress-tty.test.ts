import stringWidth from 'string-width'
import { describe, expect, it } from 'vitest'
import { Writable } from 'node:stream'
import type { Out } from './io.ts'
import { ttyProgress } from './progress-tty.ts'

function terminal(columns: number): Out & { text: () => string } {
  let text = ''
  const out = new Writable({ write(c, _e, done) { text += String(c); done() } }) as Out & { text: () => string }
  Object.assign(out, { isTTY: true, columns, text: () => text })
  return out
}

/** What a terminal shows: the stream replayed with cursor-up and erase-line applied. */
function screen(raw: string): string[] {
  const rows: string[] = ['']
  let y = 0
  for (const m of raw.matchAll(/\x1b\[(\d*)([A-Za-z])|\r|\n|[^\x1b\r\n]+/g)) {
    const [s, n, op] = m
    if (s === '\n') rows[++y] ??= ''
    else if (s === '\r') continue
    else if (op === 'A') y -= Number(n || 1)
    else if (op === 'K') rows[y] = ''
    else if (!op) rows[y] += s
  }
  return rows.filter(Boolean)
}

const chat = { chatId: 1, title: '北京 Notes 📢 with a rather long title for a chat', kind: 'supergroup', done: 0, stored: 40, total: 500 }

describe('terminal progress', () => {
  it('cuts every line to the width, wide characters counted, and follows a resize', () => {
    const out = terminal(80)
    const p = ttyProgress(out, { NO_COLOR: '1' })
    p.chatStarted(chat)
    p.chatAdvanced({ ...chat, done: 100 })
    for (const l of screen(out.text())) expect(stringWidth(l)).toBeLessThan(80)
    out.columns = 50
    out.emit('resize')
    p.chatAdvanced({ ...chat, done: 300 })
    p.chatFinished({ ...chat, done: 460, notes: 12 })
    p.summary({ chats: 1, messages: 460, seconds: 2, msg_per_s: 230, requests: 5, messages_per_request: 92, flood_waits: 0,
      peak_rss_mb: 90, wait_ms: 1, render_write_ms: 1, store_ms: 1, notes_written: 12, media_files: 0, media_bytes: 0,
      media_skipped: 0, vault: '/a/very/long/path/to/the/vault/that/does/not/fit/in/fifty/columns' })
    const shown = screen(out.text())
    for (const l of shown) expect(stringWidth(l), l).toBeLessThan(50)
    // one line for the chat, counting what was stored before the run
    expect(shown.filter((l) => l.startsWith('supergroup'))).toEqual([expect.stringMatching(/ 500\/500 {2}460 new, 12 notes$/)])
    expect(shown.join('\n')).toMatch(/^Exported 460 new messages/m)
  })

  it('says what processing did, and what it left pending, in the summary (none without processing)', () => {
    const base = { chats: 1, messages: 10, seconds: 2, msg_per_s: 5, requests: 1, messages_per_request: 10, flood_waits: 0,
      peak_rss_mb: 90, wait_ms: 1, render_write_ms: 1, store_ms: 1, notes_written: 1, media_files: 4, media_bytes: 2 ** 20,
      media_skipped: 0, vault: '/v' }
    const plain = terminal(80)
    ttyProgress(plain, { NO_COLOR: '1' }).summary(base)
    expect(plain.text()).not.toMatch(/processing/)
    const out = terminal(80)
    ttyProgress(out, { NO_COLOR: '1' }).summary({ ...base,
      processing: { images: 2, videos: 1, transcripts: 1, failed: 0, bytes_saved: 3 * 2 ** 20, pending: 2 } })
    expect(screen(out.text()).join(' ').replace(/\s+/g, ' ')).toMatch(
      /processing: 2 images optimised, 1 video transcoded, 1 transcript, 3\.0 MB saved, 2 pending \(tobs process runs them\)/)
  })
})
