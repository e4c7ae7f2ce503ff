// What the export tells whoever watches it. A terminal UI and JSON lines are two implementations.
import type { ProcessTick } from '../media/process/runner.ts'

export type { ProcessTick } from '../media/process/runner.ts'

export interface ChatProgress {
  chatId: number
  title: string
  kind: string
  topic?: string
  /** messages written so far in this run */
  done: number
  /** messages this chat already had in the vault before the run (a resumed or repeated run) */
  stored?: number
  /** --refresh: stored messages found edited or deleted (known when the chat finishes) */
  edited?: number
  deleted?: number
  /** notes (period and index notes) written for this chat in this run (known when it finishes) */
  notes?: number
  /** expected total (server count), if known */
  total?: number
  /** forums: messages written per topic so far */
  topics?: { id: number; title: string; done: number }[]
}

export interface Summary {
  chats: number
  messages: number
  seconds: number
  msg_per_s: number
  requests: number
  messages_per_request: number
  flood_waits: number
  peak_rss_mb: number
  wait_ms: number
  render_write_ms: number
  store_ms: number
  notes_written: number
  media_files: number
  media_bytes: number
  media_skipped: number
  vault: string
  [extra: string]: unknown
}

export interface Progress {
  chatStarted(p: ChatProgress): void
  chatAdvanced(p: ChatProgress): void
  chatFinished(p: ChatProgress): void
  takeoutDelay(secondsLeft: number): void
  /** received: bytes fetched this run; queuedBytes: bytes of the files still to fetch (for an ETA) */
  media(p: { files: number; bytes: number; skipped: number; queued: number; received?: number; queuedBytes?: number }): void
  /** --optimize-images, --transcode, --transcribe: jobs done of those started, after each job */
  processing(p: ProcessTick): void
  warn(message: string): void
  summary(s: Summary): void
}

export const silentProgress: Progress = {
  chatStarted() {}, chatAdvanced() {}, chatFinished() {}, takeoutDelay() {}, media() {}, processing() {}, warn() {}, summary() {},
}
