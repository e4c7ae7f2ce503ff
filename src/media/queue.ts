// Media downloads beside the export: parallel, deduplicated by file id and by content, never able to
// fail the export (a file that cannot be had becomes a placeholder with the reason).
import { createHash } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, rename, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { once } from 'node:events'
import PQueue from 'p-queue'
import type { FileKind, FileRef, Message } from '../model/types.ts'
import { filesOf } from '../model/files.ts'
import { FileUnavailable, type FileSource } from './source.ts'
import { joinVault, mediaRelPath } from '../vault/paths.ts'
import { tmpName } from '../vault/files.ts'
import type { StateDb } from '../vault/state.ts'

export interface MediaOptions {
  /** files fetched at once */
  concurrency: number
  /** larger files are skipped (bytes) */
  maxSize: number
  /** kinds to download; others become placeholders */
  kinds: ReadonlySet<FileKind>
}

export interface MediaStats { files: number; bytes: number; skipped: number; deduped: number; dedupBytes: number }

export class MediaQueue {
  readonly stats: MediaStats = { files: 0, bytes: 0, skipped: 0, deduped: 0, dedupBytes: 0 }
  private readonly queue: PQueue
  private readonly inFlight = new Map<string, Promise<void>>()
  /** content placed during this run, before the database row lands (two equal files in flight) */
  private readonly byHash = new Map<string, string>()

  constructor(
    private readonly state: StateDb, private readonly vaultDir: string, private readonly source: FileSource,
    private readonly opts: MediaOptions, private readonly onChange?: (s: MediaStats & { queued: number }) => void,
    private readonly warn?: (message: string) => void,
  ) {
    this.queue = new PQueue({ concurrency: opts.concurrency })
  }

  /** Starts the files of these messages; resolves when every one is placed or skipped. */
  settle(chatFolder: string, messages: Message[]): Promise<void> {
    const jobs: Promise<void>[] = []
    for (const m of messages) for (const f of filesOf(m)) jobs.push(this.place(chatFolder, m, f))
    return Promise.all(jobs).then(() => undefined)
  }

  private place(chatFolder: string, msg: Message, file: FileRef): Promise<void> {
    const known = this.state.media(file.uniqueId)
    // a failed download is tried again on the next run; a deliberate skip is not
    if (known && (known.path || (known.skipped && !known.skipped.startsWith(FAILED)))) return Promise.resolve()
    const running = this.inFlight.get(file.uniqueId)
    if (running) return running
    const skip = this.reasonToSkip(file)
    if (skip) {
      this.state.putMedia(file.uniqueId, { skipped: skip })
      this.stats.skipped++
      return Promise.resolve()
    }
    const job = this.queue.add(() => this.download(chatFolder, msg, file)).finally(() => {
      this.inFlight.delete(file.uniqueId)
      this.onChange?.({ ...this.stats, queued: this.queue.size + this.queue.pending })
    })
    this.inFlight.set(file.uniqueId, job)
    return job
  }

  private reasonToSkip(file: FileRef): string | undefined {
    if (file.unavailable) return file.unavailable
    if (!file.ref) return 'no file location'
    if (!this.opts.kinds.has(file.kind)) return `${file.kind} files not selected`
    if (file.size !== undefined && file.size > this.opts.maxSize) {
      return `larger than ${Math.round(this.opts.maxSize / 2 ** 20)} MB`
    }
    return undefined
  }

  private async download(chatFolder: string, msg: Message, file: FileRef): Promise<void> {
    const rel = joinVault(chatFolder, mediaRelPath(file.kind, msg.id, file.name))
    const abs = join(this.vaultDir, rel)
    const tmp = tmpName(abs)
    try {
      const chunks = this.source.open(file, msg)[Symbol.asyncIterator]()
      // the first chunk proves the file exists before any folder is made for it
      const first = await chunks.next()
      await mkdir(dirname(abs), { recursive: true })
      const hash = createHash('sha256')
      const out = createWriteStream(tmp)
      let size = 0
      for (let r = first; !r.done; r = await chunks.next()) {
        const chunk = r.value
        hash.update(chunk)
        size += chunk.length
        if (!out.write(chunk)) await once(out, 'drain')
      }
      out.end()
      await once(out, 'finish')
      const sha256 = hash.digest('hex')
      const same = this.byHash.get(sha256) ?? this.state.mediaByHash(sha256)
      if (same) {
        // identical bytes under another file id: keep one copy, point both at it
        await rm(tmp, { force: true })
        this.state.putMedia(file.uniqueId, { path: same, sha256, size })
        this.stats.deduped++
        this.stats.dedupBytes += size
        return
      }
      this.byHash.set(sha256, rel)
      await rename(tmp, abs)
      this.state.putMedia(file.uniqueId, { path: rel, sha256, size })
      this.stats.files++
      this.stats.bytes += size
    } catch (e) {
      await rm(tmp, { force: true }).catch(() => {})
      const text = (e as Error).message.split('\n')[0]
      const reason = e instanceof FileUnavailable ? text : `${FAILED}: ${text}`
      this.warn?.(`${file.name} (message ${msg.id}): ${reason}`)
      this.state.putMedia(file.uniqueId, { skipped: reason })
      this.stats.skipped++
    }
  }

  async drain(): Promise<void> {
    await this.queue.onIdle()
  }
}

const FAILED = 'download failed'


export const ALL_FILE_KINDS: FileKind[] = ['photo', 'video', 'audio', 'voice', 'video_note', 'sticker', 'animation', 'file']
