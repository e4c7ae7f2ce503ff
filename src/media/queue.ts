// Media downloads beside the export: parallel, never able to fail the export (a file that cannot be
// had becomes a placeholder with the reason), and deduplicated three ways: a file id is downloaded
// once, a file whose size matches one in the vault is compared by Telegram's part hashes before it
// is downloaded, and identical bytes are stored once. Every message still gets its own path
// (`_media/<kind>/<message id>-<name>`): copies are hard links, so the vault is the same whatever
// order the downloads finish in. A failed file is tried again on later runs, a few times.
import { setMaxListeners } from 'node:events'
import { existsSync } from 'node:fs'
import { mkdir, rename, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { linkOrCopy } from '../runtime/zero-copy.ts'
import { PriorityPool, type PoolMetrics } from '../runtime/pool.ts'
import type { FileKind, FileRef, Message } from '../model/types.ts'
import { filesOf } from '../model/files.ts'
import { joinVault, mediaRelPath } from '../vault/paths.ts'
import type { StateDb } from '../vault/state.ts'
import { sameContent, type HashCache } from './dedup.ts'
import { Cache } from '../runtime/cache.ts'
import { ByteBudget } from './budget.ts'
import { fetchFile, partPath, type FetchTuning } from './fetch-file.ts'
import { FileUnavailable, type FileSource } from './source.ts'

export interface MediaOptions {
  /** files fetched at once */
  concurrency: number
  /** larger files are skipped (bytes) */
  maxSize: number
  /** kinds to download; others become placeholders */
  kinds: ReadonlySet<FileKind>
  /** parts, stall timeout and tries per part (defaults: DEFAULT_TUNING) */
  tuning?: Partial<FetchTuning>
  /** runs a failed file is tried in before it is left as a placeholder for good */
  maxRuns?: number
  /** the run's I/O pool (PoolCoordinator's 'io'); default: a pool of `concurrency` of its own */
  pool?: PriorityPool
}

/** 16 MiB in flight: about two 1 MiB parts queued on each of 8 download connections (issue 11) */
export const DEFAULT_TUNING: FetchTuning = { partsInFlight: 4, stallMs: 20_000, partTries: 5, bytesInFlight: 16 * 2 ** 20 }
export const MAX_RUNS = 3

export interface MediaStats {
  files: number
  bytes: number
  skipped: number
  /** placements served by a link to bytes already in the vault */
  deduped: number
  dedupBytes: number
  /** bytes received from the source this run (parts included) */
  received: number
  /** files still missing, with why */
  missing: { name: string; messageId: number; chatId: number; reason: string }[]
}

export interface MediaProgress { files: number; bytes: number; skipped: number; queued: number; received: number; queuedBytes: number }

const FAILED = 'download failed'

/** The disk is full: the run stops (one line), and nothing already stored is harmed. */
export class DiskFull extends Error {}

export class MediaQueue {
  readonly stats: MediaStats = { files: 0, bytes: 0, skipped: 0, deduped: 0, dedupBytes: 0, received: 0, missing: [] }
  private readonly queue: PriorityPool
  private readonly tuning: FetchTuning
  /** downloads under way, by file id: a second message with the same file waits for the first */
  private readonly inFlight = new Map<string, Promise<string | undefined>>()
  /** files being fetched, by size: a second file of that size waits, then compares hashes */
  private readonly sizes = new Map<number, Promise<unknown>>()
  private queuedBytes = 0
  /** part hashes of stored files, for the copies compared with them */
  readonly hashes: HashCache = new Cache({ name: 'file-hashes', policy: 'lru', maxEntries: 20_000 })
  /** files that failed in this run: tried again in the next run, not again in this one */
  private readonly failedNow = new Set<string>()
  /** files read ahead, waiting for an idle download slot (prefetch) */
  private readonly ahead: { chatFolder: string; msg: Message; file: FileRef }[] = []
  private fatal: Error | undefined

  constructor(
    private readonly state: StateDb, private readonly vaultDir: string, private readonly source: FileSource,
    private readonly opts: MediaOptions, private readonly onChange?: (s: MediaProgress) => void,
    private readonly warn?: (message: string) => void,
    /** told of each file placed for a message (processing records its jobs there) */
    private readonly onPlaced?: (msg: Message, file: FileRef, rel: string) => void,
    private readonly signal?: AbortSignal,
  ) {
    this.queue = opts.pool ?? new PriorityPool({ name: 'downloads', concurrency: opts.concurrency })
    // every part waiting for the byte budget listens for the run's stop: dozens at once, not a leak
    if (signal) setMaxListeners(0, signal)
    const tuning = { ...DEFAULT_TUNING, ...opts.tuning }
    this.tuning = { ...tuning, budget: new ByteBudget(tuning.bytesInFlight) }
  }

  /** Starts the files of these messages; resolves when every one is placed or skipped. */
  settle(chatFolder: string, messages: Message[]): Promise<void> {
    const jobs: Promise<void>[] = []
    for (const m of messages) {
      const files = filesOf(m)
      if (files.length === 0) continue
      this.source.announce?.(m)
      jobs.push(Promise.all(files.map((f) => this.place(chatFolder, m, f))).then(() => this.source.settled?.(m)))
    }
    return Promise.all(jobs).then(() => this.throwIfFatal())
  }

  /**
   * Files of messages read ahead of their chat's ingest (the next chat's first pages, while this
   * chat's last files finish): each starts when a download slot is idle, never ahead of the files of
   * the chat being exported, so the link stays full across chats without delaying the current one.
   * Nothing is placed or counted as missing here; settle() does that when the chat stores them, and
   * finds the bytes downloaded or under way.
   */
  prefetch(chatFolder: string, messages: Message[]): void {
    for (const m of messages) for (const f of filesOf(m)) this.ahead.push({ chatFolder, msg: m, file: f })
    this.startAhead()
  }

  /** Starts files read ahead while download slots are idle. */
  private startAhead(): void {
    while (this.ahead.length && this.queue.queued === 0 && this.queue.running < this.queue.concurrency) {
      if (this.fatal || this.signal?.aborted) {
        this.ahead.length = 0
        return
      }
      const { chatFolder, msg, file } = this.ahead.shift()!
      if (this.state.media.placement(msg.chatId, msg.id, file.uniqueId) || reasonToSkip(file, this.opts)) continue
      const known = this.state.media.get(file.uniqueId)
      if (known?.path || known?.skipped || this.inFlight.has(file.uniqueId) || this.failedNow.has(file.uniqueId)) continue
      this.source.announce?.(msg)
      void this.bytesOf(chatFolder, msg, file).catch(() => {})
    }
  }

  private async place(chatFolder: string, msg: Message, file: FileRef): Promise<void> {
    const placed = this.state.media.placement(msg.chatId, msg.id, file.uniqueId)
    // a copy the user deleted is put back
    if (placed && existsSync(join(this.vaultDir, placed))) return this.onPlaced?.(msg, file, placed)
    const rel = joinVault(chatFolder, mediaRelPath(file.kind, msg.id, file.name))
    const stored = await this.bytesOf(chatFolder, msg, file)
    // a stopped run (Ctrl-C): the note must not be written as if the file had been skipped
    this.signal?.throwIfAborted()
    if (!stored) return
    if (stored !== rel) {
      await linkOrCopy(join(this.vaultDir, stored), join(this.vaultDir, rel))
      this.stats.deduped++
      this.stats.dedupBytes += this.state.media.get(file.uniqueId)?.size ?? 0
    }
    this.state.media.place(msg.chatId, msg.id, file.uniqueId, rel)
    this.onPlaced?.(msg, file, rel)
  }

  /** Vault path of a copy of the file's bytes, downloading them once; undefined when skipped. */
  private bytesOf(chatFolder: string, msg: Message, file: FileRef): Promise<string | undefined> {
    const known = this.state.media.get(file.uniqueId)
    if (known?.path && existsSync(join(this.vaultDir, known.path))) return Promise.resolve(known.path)
    const running = this.inFlight.get(file.uniqueId)
    if (running) return running
    if (this.failedNow.has(file.uniqueId)) return Promise.resolve(undefined)
    const skip = reasonToSkip(file, this.opts) ?? this.gaveUp(file, known?.skipped)
    if (skip) {
      if (known?.skipped !== skip) this.state.media.put(file.uniqueId, { skipped: skip })
      this.miss(file, msg, skip)
      return Promise.resolve(undefined)
    }
    const size = file.size ?? 0
    this.queuedBytes += size
    const job = this.queue.run(() => this.download(chatFolder, msg, file)).finally(() => {
      this.queuedBytes -= size
      this.inFlight.delete(file.uniqueId)
      this.report()
      this.startAhead()
    })
    this.inFlight.set(file.uniqueId, job)
    return job
  }

  /** A deliberate skip stays; a failure is retried until it has failed in maxRuns runs. */
  private gaveUp(file: FileRef, skipped: string | undefined): string | undefined {
    if (!skipped) return undefined
    if (!skipped.startsWith(FAILED)) return skipped
    return this.state.partials.tries(file.uniqueId) >= (this.opts.maxRuns ?? MAX_RUNS) ? skipped : undefined
  }

  private async download(chatFolder: string, msg: Message, file: FileRef): Promise<string | undefined> {
    if (this.fatal || this.signal?.aborted) return undefined
    const rel = joinVault(chatFolder, mediaRelPath(file.kind, msg.id, file.name))
    try {
      const size = file.size
      // one file of a size at a time: the second compares hashes with the first instead of downloading
      while (size && this.sizes.has(size)) await this.sizes.get(size)!.catch(() => {})
      const work = this.fetchOrMatch(rel, msg, file)
      if (size) this.sizes.set(size, work)
      try {
        return await work
      } finally {
        if (size && this.sizes.get(size) === work) this.sizes.delete(size)
      }
    } catch (e) {
      return this.failed(msg, file, e)
    }
  }

  private async fetchOrMatch(rel: string, msg: Message, file: FileRef): Promise<string> {
    const match = await this.matchBySize(msg, file)
    if (match) {
      // a run stopped mid-file may have left this file's .part; its bytes are in the vault already
      await rm(partPath(this.vaultDir, file.uniqueId), { force: true })
      this.state.media.put(file.uniqueId, { path: match.path, sha256: match.sha256, size: file.size })
      this.state.partials.succeeded(file.uniqueId)
      return match.path
    }
    const got = await fetchFile(this.vaultDir, this.state, this.source, file, msg, this.tuning, (n) => {
      this.stats.received += n
      this.report()
    }, this.signal)
    const stored = this.state.media.byHash(got.sha256)
    if (stored && existsSync(join(this.vaultDir, stored))) {
      await rm(got.path, { force: true })
      this.state.media.put(file.uniqueId, { path: stored, sha256: got.sha256, size: got.size })
    } else {
      const abs = join(this.vaultDir, rel)
      await mkdir(dirname(abs), { recursive: true })
      await rename(got.path, abs)
      this.state.media.put(file.uniqueId, { path: rel, sha256: got.sha256, size: got.size })
      this.stats.files++
      this.stats.bytes += got.size
    }
    this.state.partials.succeeded(file.uniqueId)
    return stored && existsSync(join(this.vaultDir, stored)) ? stored : rel
  }

  /** A stored file with this size and the same part hashes, found without downloading. */
  private async matchBySize(msg: Message, file: FileRef): Promise<{ path: string; sha256?: string } | undefined> {
    if (!file.size || !this.source.hashes) return undefined
    for (const path of this.state.media.bySize(file.size)) {
      const abs = join(this.vaultDir, path)
      if (!existsSync(abs)) continue
      if (await sameContent(this.source, file, msg, abs, file.size, this.hashes)) {
        return { path, sha256: this.state.media.sha256Of(path) }
      }
    }
    return undefined
  }

  private failed(msg: Message, file: FileRef, e: unknown): undefined {
    const code = (e as NodeJS.ErrnoException)?.code
    if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL') {
      // the files still queued are not dropped (their promises would never settle, and the pool
      // may be the run's shared one): each starts, sees `fatal` and resolves at once
      this.fatal ??= new DiskFull(`the disk holding ${this.vaultDir} is full; free some space and run the same command again`)
      return undefined
    }
    if (this.signal?.aborted) return undefined
    const text = ((e as Error)?.message ?? String(e)).split('\n')[0]
    const reason = e instanceof FileUnavailable ? text! : `${FAILED}: ${text}`
    this.failedNow.add(file.uniqueId)
    this.warn?.(`${file.name} (message ${msg.id}): ${reason}`)
    try {
      this.state.media.put(file.uniqueId, { skipped: reason })
      if (!(e instanceof FileUnavailable)) this.state.partials.failed(file.uniqueId, msg.chatId, msg.id, reason)
    } catch (dbError) {
      if (/full/i.test((dbError as Error).message)) this.fatal ??= new DiskFull(`the disk holding ${this.vaultDir} is full; free some space and run the same command again`)
      else throw dbError
    }
    this.miss(file, msg, reason)
    return undefined
  }

  private miss(file: FileRef, msg: Message, reason: string): void {
    this.stats.skipped++
    // a name read from a Desktop export is a slice of a ~120 KB chunk of result.json, and keeping
    // the slice keeps the chunk: 640 chunks (77 MB) held by a 40 MB export's missing files (issue 10)
    this.stats.missing.push({ name: Buffer.from(file.name).toString(), messageId: msg.id, chatId: msg.chatId, reason })
  }

  private report(): void {
    this.onChange?.({
      files: this.stats.files, bytes: this.stats.bytes, skipped: this.stats.skipped, received: this.stats.received,
      queued: this.queue.queued + this.queue.running, queuedBytes: this.queuedBytes,
    })
  }

  private throwIfFatal(): void {
    if (this.fatal) throw this.fatal
  }

  /** Resolves when few enough downloads wait: the reader pauses rather than queue a whole chat's files. */
  async roomFor(backlog = 500): Promise<void> {
    this.throwIfFatal()
    if (this.queue.queued > backlog) await this.queue.onQueuedBelow(Math.floor(backlog / 2))
  }

  /** the download pool's figures, for the --json summary */
  poolMetrics(): PoolMetrics { return this.queue.metrics() }

  async drain(): Promise<void> {
    await this.queue.onIdle()
    this.throwIfFatal()
  }
}

function reasonToSkip(file: FileRef, opts: MediaOptions): string | undefined {
  if (file.unavailable) return file.unavailable
  if (!file.ref) return 'no file location'
  if (!opts.kinds.has(file.kind)) return `${file.kind} files not selected`
  if (file.size !== undefined && file.size > opts.maxSize) return `larger than ${formatSize(opts.maxSize)}`
  return undefined
}

function formatSize(bytes: number): string {
  return bytes >= 2 ** 20 ? `${Math.round(bytes / 2 ** 20)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`
}


export const ALL_FILE_KINDS: FileKind[] = ['photo', 'video', 'audio', 'voice', 'video_note', 'sticker', 'animation', 'file']
