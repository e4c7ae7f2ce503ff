// `tobs export`: targets -> chats -> ascending pages -> state + notes, resumable and incremental.
// In-process entry point (runExport(options, deps)) so tests and the demo drive it without a shell.
import type { Client } from '../telegram/client.ts'
import type { Chat, Message, Topic } from '../model/types.ts'
import { ChatDirectory } from '../telegram/resolve.ts'
import { InputPeers } from '../telegram/input-peers.ts'
import { getByIds, getCount, getOldestDate, idAtDate, idOfNewest, type HistoryTarget } from '../telegram/history.ts'
import { getTopics } from '../telegram/topics.ts'
import { openTakeout, type Takeout } from '../telegram/takeout.ts'
import { rpcStack } from '../telegram/rpc/stack.ts'
import type { Rpc } from '../telegram/rpc.ts'
import type { DialogChat } from '../telegram/dialogs.ts'
import { NO_TOPIC, type StateDb } from '../vault/state.ts'
import { AUTO_NOTE_SIZE, type DateSpan, type SplitChoice as Split } from './layout.ts'
import { ChatIngest, type IngestDeps, type Page } from './ingest.ts'
import { relinkAcrossChats } from './relink.ts'
import { iterHistory } from '../telegram/iter-history.ts'
import { RateController } from '../runtime/rate-controller.ts'
import { PoolCoordinator } from '../runtime/coordinator.ts'
import { VaultContext } from './vault-context.ts'
import { withVault } from './open-vault.ts'
import { exportChat, type Changes, type ChatSource } from './export-chat.ts'
import { localTimeZone } from '../config/config.ts'
import { exportComments } from './comments.ts'
import { parseTarget } from './targets.ts'
import { silentProgress, type Progress, type Summary } from './progress.ts'
import { RunMeter } from './meter.ts'
import { MediaQueue, type MediaOptions } from '../media/queue.ts'
import { healMedia } from './media-heal.ts'
import { TelegramFiles } from '../telegram/download.ts'
import { telegramTranscriber } from '../telegram/transcribe.ts'
import { finishProcessing, onPlacedFor, processingSummary, startProcessing, type ProcessSpec } from './processing.ts'
import { NoteFiles } from '../vault/note-files.ts'
import { ReadAhead, thenCall } from './read-ahead.ts'

export interface ExportOptions {
  /** chats to export (see parseTarget); empty with `kinds` = every dialog of those kinds */
  targets: string[]
  kinds?: Chat['kind'][]
  out: string
  split: Split
  takeout: boolean
  timeZone?: string
  fromId?: number
  toId?: number
  /** media downloads; false = placeholders only */
  media: MediaOptions | false
  /** getHistory requests in flight at most (1 = sequential); the rate inside it is found adaptively */
  concurrency?: number
  /** only messages on or after / before these dates (unix seconds): found by seeking, not scanning */
  since?: number
  until?: number
  /** only the newest N messages */
  last?: number
  /** forum: only this topic (also taken from a topic link) */
  topicId?: number
  /** re-read the newest N stored messages of each chat, bringing edits and deletions up to date */
  refresh?: number
  /** channels: export each post's comments from the linked discussion group (issue 15) */
  comments?: boolean
  /** media processing after download (--optimize-images, --transcode, --transcribe); needs media */
  process?: ProcessSpec
  now?: () => Date
}

export interface ExportDeps {
  client: Client
  selfId: number
  progress?: Progress
  signal?: AbortSignal
  /** counts FLOOD_WAITs the client slept through (wired by the client factory) */
  meter?: RunMeter
  /** where tools are looked up (FFMPEG_PATH, PATH, WHISPER_MODEL...); default process.env */
  env?: NodeJS.ProcessEnv
}

export async function runExport(opts: ExportOptions, deps: ExportDeps): Promise<Summary> {
  const progress = deps.progress ?? silentProgress
  return withVault(opts.out, { look: (l) => progress.warn(l) }, (state) => exportInto(state, opts, deps, progress))
}

async function exportInto(state: StateDb, opts: ExportOptions, deps: ExportDeps, progress: Progress): Promise<Summary> {
  const meter = deps.meter ?? new RunMeter()
  let takeout: Takeout | undefined
  // downloads end with the run however it ends (Ctrl-C, an error): none may outlive the client or
  // the database, or a download meets a destroyed client (issue 14)
  const mediaStop = new AbortController()
  const stopMedia = () => mediaStop.abort(deps.signal?.reason)
  deps.signal?.addEventListener('abort', stopMedia, { once: true })
  let media: MediaQueue | false = false
  let processor: ReturnType<typeof startProcessing>
  let pools: PoolCoordinator | undefined
  /** the next chat, opened and being read while this one finishes */
  let ahead: Promise<Opened> | undefined
  try {
    if (opts.takeout) {
      takeout = await openTakeout(deps.client, { users: true, chats: true, megagroups: true, channels: true, files: true },
        (s) => progress.takeoutDelay(s), deps.signal)
    }
    const concurrency = opts.concurrency ?? 8
    const control = RateController.forHistory(concurrency)
    const { rpc, historyRpc } = rpcStack(deps.client, {
      takeoutId: takeout?.id, control, onRequest: meter.onRequest, onFloodWait: meter.onFloodWait, signal: deps.signal,
    })
    const peers = new InputPeers()
    peers.selfId = deps.selfId
    const directory = new ChatDirectory(rpc, peers)
    const chats = await selectChats(directory, opts)
    state.settings.set('self_id', String(deps.selfId))
    const layout = { split: opts.split, timeZone: opts.timeZone ?? localTimeZone(), selfId: deps.selfId }
    const ctx = new VaultContext(state, layout)
    const kinds = new Map(chats.map((d) => [d.chat.id, d.peerKind]))
    // one coordinator for the run's pools: downloads on 'io', processing and transcription beside them
    pools = opts.media ? runPools(opts.out, opts.media, opts.process) : undefined
    processor = opts.media ? startProcessing(state, opts.out, (c, t, d) => ctx.periods.of(c, t, d), opts.process, {
      env: deps.env ?? process.env, warn: (w) => progress.warn(w), pools, progress: (t) => progress.processing(t),
      telegram: telegramTranscriber(deps.client, peers, (id) => kinds.get(id)),
    }) : undefined
    const files = new TelegramFiles(deps.client, peers, (id) => kinds.get(id))
    const queue = opts.media && new MediaQueue(state, opts.out, files,
      { ...opts.media, pool: pools!.pool('io') }, (s) => progress.media(s), (w) => progress.warn(w), onPlacedFor(processor), mediaStop.signal)
    if (queue) {
      ctx.caches.add(files.locations)
      ctx.caches.add(queue.hashes)
    }
    media = queue
    const warn = (w: string) => progress.warn(w)
    const notes = new NoteFiles(state, opts.out, { now: opts.now, warn })
    const writerDeps: IngestDeps = {
      state, ctx, layout, vaultDir: opts.out, now: opts.now, warn, notes,
      mediaSettled: queue ? (folder: string, ms: Message[]) => queue.settle(folder, ms) : undefined,
      mediaRoom: queue ? () => queue.roomFor() : undefined,
    }
    const reading = { rpc, historyRpc, control, directory, peers, signal: deps.signal }
    for (const [i, d] of chats.entries()) {
      deps.signal?.throwIfAborted()
      const { source, sink } = await (ahead ?? openChat(reading, d, writerDeps, opts, meter))
      ahead = undefined
      const next = chats[i + 1]
      // once this chat is read, the next one's first pages are read and their files start downloading
      const items = next && queue ? thenCall(source.items, () => {
        ahead = openAhead(reading, next, writerDeps, opts, meter, queue)
        ahead.catch(() => {})
      }) : source.items
      meter.addChat(await exportChat({ ...source, items }, sink, progress))
    }
    if (media) meter.notes += await healMedia(writerDeps, chats.map((d) => d.chat.id))
    meter.notes += await relinkAcrossChats(ctx, writerDeps)
    if (queue) {
      await queue.drain()
      deps.signal?.throwIfAborted()
      Object.assign(meter, {
        mediaFiles: queue.stats.files, mediaBytes: queue.stats.bytes, mediaSkipped: queue.stats.skipped,
        dedupBytes: queue.stats.dedupBytes, mediaMissing: queue.stats.missing,
      })
    }
    if (processor) meter.notes += await finishProcessing(processor, writerDeps)
    await takeout?.finish(true)
    takeout = undefined
    const summary = meter.summary(chats.length, opts.out)
    if (processor) Object.assign(summary, processingSummary(processor, state))
    if (pools) summary.pools = pools.metrics()
    summary.caches = Object.fromEntries(ctx.caches.list().map((c) => [c.name, { hit_rate: c.hitRate, hits: c.hits, misses: c.misses, entries: c.entries }]))
    summary.chat_ids = chats.map((d) => d.chat.id)
    if (notes.keptAside.length) summary.notes_kept_aside = notes.keptAside
    if (notes.merged.size) summary.notes_merged = notes.merged.size
    progress.summary(summary)
    return summary
  } finally {
    stopMedia()
    deps.signal?.removeEventListener('abort', stopMedia)
    await ahead?.then((o) => o.close?.()).catch(() => {})
    if (media) await media.drain().catch(() => {})
    await takeout?.finish(false).catch(() => {})
    // an interrupted run leaves unfinished jobs pending: the next run or `tobs process` does them
    await processor?.stop()
  }
}

function runPools(out: string, media: MediaOptions, spec: ProcessSpec | undefined): PoolCoordinator {
  return PoolCoordinator.forDir(out, { io: media.concurrency, ...(spec?.workers ? { processing: spec.workers } : {}) })
}

export type Selected = DialogChat & { topicId?: number }

export async function selectChats(directory: ChatDirectory, opts: Pick<ExportOptions, 'targets' | 'kinds'>): Promise<Selected[]> {
  const out: Selected[] = []
  for (const t of opts.targets) {
    const ref = parseTarget(t)
    const d = await directory.resolve(ref, t)
    out.push(ref.by !== 'self' && ref.topicId ? { ...d, topicId: ref.topicId } : d)
  }
  if (opts.kinds?.length) {
    for (const d of await directory.list()) if (opts.kinds.includes(d.chat.kind)) out.push(d)
  }
  const seen = new Set<number>()
  return out.filter((d) => !seen.has(d.chat.id) && seen.add(d.chat.id))
}

interface Reading {
  rpc: Rpc
  historyRpc: Rpc
  control: RateController
  directory: ChatDirectory
  peers: InputPeers
  signal?: AbortSignal
}

/**
 * The source and sink of one chat: its history from where the vault stops (or the window the flags
 * ask for), then --refresh's changes, then --comments' threads; stored by a ChatIngest.
 */
interface Opened { source: ChatSource; sink: ChatIngest; close?: () => Promise<void> }

async function openChat(
  r: Reading, d: Selected, writerDeps: IngestDeps, opts: ExportOptions, meter: RunMeter,
): Promise<Opened> {
  const peer = r.directory.inputPeer(d)
  const forum = d.chat.kind === 'forum'
  const chat: Chat = { ...d.chat }
  const topicId = forum ? (d.topicId ?? opts.topicId) : undefined
  const { state } = writerDeps
  const unchanged = storedUpTo(d, opts, state)
  const target: HistoryTarget = { peer, chatId: chat.id, forum, topicId }
  // a forum's topics and the count are two independent round trips: asked together (issue 10)
  const [topics, { count, topId, topDate }] = await Promise.all([
    forum ? unchanged?.topics ?? getTopics(r.rpc, r.peers, peer) : undefined,
    unchanged ?? getCount(r.rpc, target),
  ])
  if (forum) chat.topics = topics
  chat.messageCount = count
  const [window, span] = unchanged
    ? [{ from: 1, to: 0, empty: true }, undefined]
    : await Promise.all([idWindow(r.rpc, target, opts, topId), spanToGuess(r.rpc, target, chat, writerDeps.ctx, topDate, r.signal)])
  const sink = new ChatIngest(chat, { ...writerDeps, recordRanges: !topicId }, span)
  // a topic is read through getReplies, whose pages say nothing about the rest of the chat's ids
  const cursor = topicId ? window.from - 1 : resumeCursor(state.ranges.of(chat.id), window.from)
  sink.begin(cursor)
  const top = window.to ? Math.min(window.to, topId) : topId
  async function* items(): AsyncGenerator<Page | Changes> {
    if (!window.empty) {
      yield* iterHistory(r.historyRpc, r.peers, target,
        { after: cursor, to: window.to, top, expected: count, workers: r.control.maxInFlight }, r.signal)
    }
    if (opts.refresh && !topicId) {
      const ids = state.messages.lastIds(chat.id, opts.refresh)
      const channel = d.peerKind === 'channel' ? r.peers.inputChannel(chat.id) : undefined
      yield { changes: await getByIds(r.rpc, r.peers, { ...target, channel }, ids) }
    }
  }
  const source: ChatSource = {
    chat,
    status: {
      topic: topicId ? chat.topics?.find((t) => t.id === topicId)?.title : undefined,
      stored: topicId ? undefined : state.messages.stats(chat.id).count,
      total: count,
      topics: forum && !topicId ? [] : undefined,
    },
    items: items(),
    after: opts.comments && chat.kind === 'channel'
      ? async () => (await exportComments(r.rpc, r.peers, peer, chat, writerDeps, r.signal)).notes
      : undefined,
  }
  return { source, sink }
}

/** files waiting for a download slot, and pages held (two fill a chat's tail), past which reading ahead pauses */
const AHEAD_FILES = 64
const AHEAD_PAGES = 2

/**
 * The next chat, opened while the current one finishes: its pages are read ahead into memory and
 * their files queued (MediaQueue.prefetch), so the link is not left to the current chat's last files.
 * Its messages are stored only when its turn comes (a chat's layout is settled before the next one's).
 */
async function openAhead(
  r: Reading, d: Selected, writerDeps: IngestDeps, opts: ExportOptions, meter: RunMeter, queue: MediaQueue,
): Promise<Opened> {
  const { source, sink } = await openChat(r, d, writerDeps, opts, meter)
  const items = ReadAhead.of(source.items)
  // paused, not ended, while the queue is full: a big chat's tail still has the next chat's files behind it
  items.start(async (buffered) => buffered < AHEAD_PAGES && (await queue.roomFor(AHEAD_FILES), true), (item) => {
    if ('messages' in item) queue.prefetch(sink.notes.folder, item.messages)
  })
  return { source: { ...source, items }, sink, close: () => items.close() }
}

/** Turns --from-id/--to-id/--since/--until/--last into an id window, with one seek request each. */
async function idWindow(
  rpc: Rpc, target: HistoryTarget, opts: ExportOptions, topId: number,
): Promise<{ from: number; to: number; empty: boolean }> {
  let from = opts.fromId ?? 1
  let to = opts.toId ?? 0
  let empty = false
  if (opts.since !== undefined) {
    const id = await idAtDate(rpc, target, opts.since)
    if (id === undefined) empty = true
    else from = Math.max(from, id)
  }
  if (opts.until !== undefined) {
    const id = await idAtDate(rpc, target, opts.until)
    if (id !== undefined) to = to ? Math.min(to, id - 1) : id - 1
  }
  if (opts.last !== undefined) {
    const id = await idOfNewest(rpc, target, opts.last)
    if (id !== undefined) from = Math.max(from, id)
  }
  if (to && to < from) empty = true
  if (topId === 0) empty = true
  return { from, to, empty }
}

/**
 * A chat whose newest message (as the dialog list tells) is already stored needs no request for its
 * count, topics or history: `tobs sync` of an unchanged chat costs only its refresh (issue 15).
 */
function storedUpTo(d: Selected, opts: ExportOptions, state: StateDb): { count: number; topId: number; topDate?: number; topics?: Topic[] } | undefined {
  if (!(d.topMessage > 0) || d.topicId !== undefined || opts.topicId !== undefined) return undefined
  if (opts.since !== undefined || opts.until !== undefined || opts.last !== undefined || opts.fromId !== undefined || opts.toId !== undefined) return undefined
  if (resumeCursor(state.ranges.of(d.chat.id), 1) < d.topMessage) return undefined
  const topics = state.chats.topics(d.chat.id).map((t) => t.topic)
  if (d.chat.kind === 'forum' && !topics.length) return undefined
  return { count: state.messages.stats(d.chat.id).count, topId: d.topMessage, topics: d.chat.kind === 'forum' ? topics : undefined }
}

/**
 * The dates a large chat's messages span, when `auto` has still to lay it out (its first export):
 * one request for the oldest, so a chat of a few hundred messages a year starts by year rather than
 * by month and its notes are not written twice (ChatLayout.provisionalSplit).
 */
async function spanToGuess(
  rpc: Rpc, target: HistoryTarget, chat: Chat, ctx: VaultContext, last: number | undefined, signal?: AbortSignal,
): Promise<DateSpan | undefined> {
  const { periods } = ctx
  if (chat.kind === 'forum' || periods.requested !== 'auto' || last === undefined) return undefined
  if ((chat.messageCount ?? 0) <= AUTO_NOTE_SIZE || periods.stored(chat.id, NO_TOPIC)) return undefined
  // only a guess: a request that fails leaves the guess to the count, not the chat unexported
  const first = await getOldestDate(rpc, target).catch((e: unknown) => {
    if (signal?.aborted) throw e
    return undefined
  })
  return first === undefined ? undefined : { first, last }
}

/** Highest id below which everything from `from` on is already stored. */
export function resumeCursor(ranges: { lo: number; hi: number }[], from: number): number {
  for (const r of ranges) if (r.lo <= from && from <= r.hi + 1) return r.hi
  return from - 1
}
