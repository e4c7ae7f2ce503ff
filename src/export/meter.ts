// Counts what a run did, for the summary every command prints.
import type { ChatResult } from './export-chat.ts'
import type { Summary } from './progress.ts'

export class RunMeter {
  readonly started = performance.now()
  requests = 0
  floodWaits = 0
  messages = 0
  notes = 0
  storeMs = 0
  renderWriteMs = 0
  mediaFiles = 0
  mediaBytes = 0
  mediaSkipped = 0
  dedupBytes = 0
  /** files still missing at the end of the run, with why (listed in the summary) */
  mediaMissing: { name: string; messageId: number; chatId: number; reason: string }[] = []
  /** stored messages found edited or deleted by --refresh */
  refreshed = 0
  edited = 0
  deleted = 0
  peakRss = process.memoryUsage.rss()
  private readonly timer = setInterval(() => this.sampleRss(), 250).unref()

  /** Counts what one chat's export did. */
  addChat(r: ChatResult): void {
    this.messages += r.messages
    this.notes += r.notes
    this.storeMs += r.storeMs
    this.renderWriteMs += r.writeMs
    this.edited += r.edited
    this.deleted += r.deleted
    this.refreshed += r.edited + r.deleted
  }

  onRequest = (): void => {
    this.requests++
  }

  onFloodWait = (): void => {
    this.floodWaits++
  }

  sampleRss(): void {
    const rss = process.memoryUsage.rss()
    if (rss > this.peakRss) this.peakRss = rss
  }

  summary(chats: number, vault: string): Summary {
    this.sampleRss()
    clearInterval(this.timer)
    const seconds = (performance.now() - this.started) / 1000
    return {
      chats,
      messages: this.messages,
      seconds: round(seconds, 3),
      msg_per_s: round(this.messages / Math.max(seconds, 1e-9), 1),
      requests: this.requests,
      messages_per_request: round(this.messages / Math.max(this.requests, 1), 1),
      flood_waits: this.floodWaits,
      peak_rss_mb: round(this.peakRss / 2 ** 20, 1),
      // storing and writing notes (each less the event-loop turns they gave away) run on this thread
      // between answers; the rest of the wall time is reading and waiting on Telegram and on
      // downloads, and the run's own end (relinking across chats, media and processing left)
      wait_ms: Math.max(0, Math.round(seconds * 1000 - this.storeMs - this.renderWriteMs)),
      render_write_ms: Math.round(this.renderWriteMs),
      store_ms: Math.round(this.storeMs),
      notes_written: this.notes,
      media_files: this.mediaFiles,
      media_bytes: this.mediaBytes,
      media_skipped: this.mediaSkipped,
      dedup_bytes_saved: this.dedupBytes,
      media_missing: this.mediaMissing,
      refreshed: this.refreshed,
      edited: this.edited,
      deleted: this.deleted,
      vault,
    }
  }
}

function round(n: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(n * f) / f
}
