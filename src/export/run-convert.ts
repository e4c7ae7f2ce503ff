// `tobs convert`: a Telegram Desktop export into the same vault a live export writes, through the
// same driver and sink (state database, notes, media placement): each chat's messages become pages.
import { openDesktopExport } from '../desktop/index.ts'
import { LocalFiles } from '../desktop/local-files.ts'
import type { Chat, Message } from '../model/types.ts'
import type { StateDb } from '../vault/state.ts'
import { MediaQueue, type MediaOptions } from '../media/queue.ts'
import type { SplitChoice as Split } from './layout.ts'
import { ChatIngest, type IngestDeps, type Page } from './ingest.ts'
import { relinkAcrossChats } from './relink.ts'
import { RunMeter } from './meter.ts'
import { silentProgress, type Progress, type Summary } from './progress.ts'
import { VaultContext } from './vault-context.ts'
import { withVault } from './open-vault.ts'
import { exportChat } from './export-chat.ts'
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

/**
 * Messages a page: 100, as Telegram's history pages. The messages of a page live until it is stored,
 * and 500 of them outlived young-generation collections (4 MB) and filled the old space: 35
 * mark-compacts in the 100 MB convert, 15 with 100, and 50-53 -> 44-48 µs a message (issue 10).
 */
const BATCH = 100

export async function runConvert(opts: ConvertOptions, progress: Progress = silentProgress): Promise<Summary> {
  const meter = new RunMeter()
  const input = await openDesktopExport(opts.input)
  return withVault(opts.out, { look: (l) => progress.warn(l) }, async (state) => {
    const layout = { split: opts.split, timeZone: opts.timeZone ?? localTimeZone() }
    const ctx = new VaultContext(state, layout)
    // the search index takes each page's new messages from memory, not read back after the run
    const index = state.search.feed()
    const deps = {
      state, ctx, layout, vaultDir: opts.out, now: opts.now, warn: (w: string) => progress.warn(w),
      storedNew: (ms: Message[]) => index.add(ms),
    }
    let chats = 0
    for await (const { chat, messages, mediaRoot } of input.chats((w) => progress.warn(w))) {
      const twice = new Duplicates(chat, state, (w) => progress.warn(w))
      await convertChat(chat, pages(messages, twice, opts.signal), mediaRoot, deps, opts, meter, progress)
      chats++
    }
    // links into chats converted after the one that holds them (a chat's index keeps its time when
    // nothing in it changed, so the order of a Desktop export written by tobs no longer says it)
    meter.notes += await relinkAcrossChats(ctx, deps)
    index.flush()
    const summary = meter.summary(chats, opts.out)
    progress.summary(summary)
    return summary
  })
}

/** One chat: its files are copied from the export's folder beside it, as the live export downloads them. */
async function convertChat(
  chat: Chat, items: AsyncIterable<Page>, mediaRoot: string, deps: IngestDeps, opts: ConvertOptions, meter: RunMeter, progress: Progress,
): Promise<void> {
  const media = opts.media && new MediaQueue(deps.state, opts.out, new LocalFiles(mediaRoot, opts.media.maxSize), opts.media,
    undefined, (w) => progress.warn(w), undefined, opts.signal)
  const sink = new ChatIngest(chat, {
    ...deps,
    mediaSettled: media ? (folder, ms) => media.settle(folder, ms) : undefined,
    // as the live export does: a month of a busy chat can hold 100k+ messages, and each queued
    // file keeps its message alive until placed (the 300 MB bench export ran out of memory)
    mediaRoom: media ? () => media.roomFor() : undefined,
  })
  sink.begin()
  try {
    // the bar counts what the vault held before, as a resumed live export's does
    const stored = deps.state.messages.stats(chat.id).count
    meter.addChat(await exportChat({ chat, items, status: { stored } }, sink, progress))
    if (media) {
      await media.drain()
      meter.mediaFiles += media.stats.files
      meter.mediaBytes += media.stats.bytes
      meter.mediaSkipped += media.stats.skipped
    }
  } finally {
    // a stopped run's copies end before the database closes
    if (media) await media.drain().catch(() => {})
  }
}

/** A Desktop chat's messages (ascending) as pages: each covers every id from the previous page's end. */
async function* pages(messages: AsyncIterable<Message>, twice: Duplicates, signal?: AbortSignal): AsyncGenerator<Page> {
  let batch: Message[] = []
  let lo = 1
  for await (const m of messages) {
    twice.check(m, batch)
    batch.push(m)
    if (batch.length < BATCH) continue
    signal?.throwIfAborted()
    yield { messages: batch, lo, hi: m.id }
    lo = m.id + 1
    batch = []
  }
  signal?.throwIfAborted()
  if (batch.length) yield { messages: batch, lo, hi: batch[batch.length - 1]!.id }
}

/**
 * Message ids a Desktop export holds twice (issue 16: the last one was kept silently). The later
 * message is kept, as the state database keeps it, and one line says so. Exports list ids in
 * ascending order, so only an id not above the highest one yet is looked up: in the batch not yet
 * stored, and in the database when the chat had nothing stored before this run (a rerun cannot
 * tell a repeated id from one stored by the run before).
 */
class Duplicates {
  private highest = -Infinity
  private readonly fresh: boolean

  constructor(private readonly chat: Chat, private readonly state: StateDb, private readonly warn: (line: string) => void) {
    this.fresh = state.messages.stats(chat.id).count === 0
  }

  /** Drops an earlier copy of `m` from `batch` (the database replaces a stored one) and says so. */
  check(m: Message, batch: Message[]): void {
    if (m.id > this.highest) {
      this.highest = m.id
      return
    }
    const i = batch.findIndex((b) => b.id === m.id)
    if (i >= 0) batch.splice(i, 1)
    else if (!this.fresh || !this.state.messages.get(this.chat.id, m.id)) return
    this.warn(`chat "${this.chat.title}" (id ${this.chat.id}): message id ${m.id} appears twice in the export; the later one is kept`)
  }
}
