// `tobs convert`: a Telegram Desktop export into the same vault a live export writes, through the
// same writer (state database, notes, media placement).
import { openDesktopExport } from '../desktop/index.ts'
import { LocalFiles } from '../desktop/local-files.ts'
import type { Message } from '../model/types.ts'
import { MediaQueue, type MediaOptions } from '../media/queue.ts'
import { useVaultTmp } from '../vault/files.ts'
import { lockVault } from '../vault/lock.ts'
import { StateDb } from '../vault/state.ts'
import type { SplitChoice as Split } from './layout.ts'
import { ChatIngest } from './ingest.ts'
import { relinkAcrossChats } from './relink.ts'
import { RunMeter } from './meter.ts'
import { silentProgress, type Progress, type Summary } from './progress.ts'
import { VaultContext } from './vault-context.ts'
import { installLook } from './snippet.ts'
import { localTimeZone } from '../config/config.ts'

export interface ConvertOptions {
  input: string
  out: string
  split: Split
  timeZone?: string
  media: MediaOptions | false
  now?: () => Date
  /** Ctrl-C: stops at the next batch; stored messages stay, a rerun converts again (issue 14) */
  signal?: AbortSignal
}

const BATCH = 500

export async function runConvert(opts: ConvertOptions, progress: Progress = silentProgress): Promise<Summary> {
  const meter = new RunMeter()
  const source = await openDesktopExport(opts.input)
  const unlock = lockVault(opts.out)
  const state = StateDb.open(opts.out)
  useVaultTmp(opts.out)
  // a stopped run's copies end before the database closes
  let copying: MediaQueue | false = false
  try {
    await installLook(opts.out, (l) => progress.warn(l))
    const layout = { split: opts.split, timeZone: opts.timeZone ?? localTimeZone() }
    const ctx = new VaultContext(state, layout)
    let chats = 0
    for await (const { chat, messages, mediaRoot } of source.chats()) {
      const media = opts.media && new MediaQueue(state, opts.out, new LocalFiles(mediaRoot, opts.media.maxSize), opts.media,
        undefined, (w) => progress.warn(w), undefined, opts.signal)
      copying = media
      const writer = new ChatIngest(chat, {
        state, ctx, layout, vaultDir: opts.out, now: opts.now, warn: (w: string) => progress.warn(w),
        mediaSettled: media ? (folder, ms) => media.settle(folder, ms) : undefined,
      })
      writer.begin()
      const status = { chatId: chat.id, title: chat.title, kind: chat.kind, done: 0 }
      progress.chatStarted(status)
      let batch: Message[] = []
      let lo = 1
      const flush = async () => {
        opts.signal?.throwIfAborted()
        const hi = batch[batch.length - 1]!.id
        writer.addPage(batch, lo, hi)
        // as the live export does: a month of a busy chat can hold 100k+ messages, and each queued
        // file keeps its message alive until placed (the 300 MB bench export ran out of memory)
        if (media) await media.roomFor()
        await writer.flushCompleted()
        status.done += batch.length
        meter.messages += batch.length
        progress.chatAdvanced(status)
        lo = hi + 1
        batch = []
      }
      for await (const m of messages) {
        batch.push(m)
        if (batch.length >= BATCH) await flush()
      }
      if (batch.length) await flush()
      await writer.finish()
      if (media) {
        await media.drain()
        meter.mediaFiles += media.stats.files
        meter.mediaBytes += media.stats.bytes
        meter.mediaSkipped += media.stats.skipped
      }
      meter.notes += writer.stats.notesWritten
      meter.renderWriteMs += writer.stats.writeMs
      progress.chatFinished(status)
      chats++
    }
    // links into chats converted after the one that holds them (a chat's index keeps its time when
    // nothing in it changed, so the order of a Desktop export written by tobs no longer says it)
    meter.notes += await relinkAcrossChats(ctx, { state, ctx, layout, vaultDir: opts.out, now: opts.now })
    const summary = meter.summary(chats, opts.out)
    progress.summary(summary)
    return summary
  } finally {
    if (copying) await copying.drain().catch(() => {})
    state.close()
    unlock()
  }
}
