// Media downloads beside the export: parallel, never able to fail the export (a file that cannot be
// had becomes a placeholder with the reason), and deduplicated twice: a file id is downloaded once,
// and identical bytes are stored once. Every message still gets its own path
// (`_media/<kind>/<message id>-<name>`): copies are hard links, so the vault is the same whatever
// order the downloads finish in.
import { createHash } from 'node:crypto'
import { createWriteStream, existsSync } from 'node:fs'
import { copyFile, link, mkdir, rename, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { once } from 'node:events'
import PQueue from 'p-queue'
import type { FileKind, FileRef, Message } from '../model/types.ts'
import { filesOf } from '../model/files.ts'
import { joinVault, mediaRelPath } from '../vault/paths.ts'
import { tmpName } from '../vault/files.ts'
import type { StateDb } from '../vault/state.ts'
import { FileUnavailable, type FileSource } from './source.ts'

export interface MediaOptions {
  /** files fetched at once */
  concurrency: number
  /** larger files are skipped (bytes) */
  maxSize: number
  /** kinds to download; others become placeholders */
  kinds: ReadonlySet<FileKind>
}

export interface MediaStats {
  files: number
  bytes: number
  skipped: number
  /** placements served by a link to bytes already in the vault */
  deduped: number
  dedupBytes: number
}

const FAILED = 'download failed'

export class MediaQueue {
  readonly stats: MediaStats = { files: 0, bytes: 0, skipped: 0, deduped: 0, dedupBytes: 0 }
  private readonly queue: PQueue
  /** downloads under way, by file id: a second message with the same file waits for the first */
  private readonly inFlight = new Map<string, Promise<string | undefined>>()
  /** content being moved into place, by sha256 */
  private readonly storing = new Map<string, Promise<string>>()

  constructor(
    private readonly state: StateDb, private readonly vaultDir: string, private readonly source: FileSource,
    private readonly opts: MediaOptions, private readonly onChange?: (s: MediaStats & { queued: number }) => void,
    private readonly warn?: (message: string) => void,
    /** told of each file placed for a message (processing records its jobs there) */
    private readonly onPlaced?: (msg: Message, file: FileRef, rel: string) => void,
  ) {
    this.queue = new PQueue({ concurrency: opts.concurrency })
  }

  /** Starts the files of these messages; resolves when every one is placed or skipped. */
  settle(chatFolder: string, messages: Message[]): Promise<void> {
    const jobs: Promise<void>[] = []
    for (const m of messages) for (const f of filesOf(m)) jobs.push(this.place(chatFolder, m, f))
    return Promise.all(jobs).then(() => undefined)
  }

  private async place(chatFolder: string, msg: Message, file: FileRef): Promise<void> {
    const placed = this.state.media.placement(msg.chatId, msg.id, file.uniqueId)
    if (placed) return this.onPlaced?.(msg, file, placed)
    const rel = joinVault(chatFolder, mediaRelPath(file.kind, msg.id, file.name))
    const stored = await this.bytesOf(chatFolder, msg, file)
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
    // a failed download is tried again on the next run; a deliberate skip is not
    if (known?.skipped && !known.skipped.startsWith(FAILED)) return Promise.resolve(undefined)
    const running = this.inFlight.get(file.uniqueId)
    if (running) return running
    const skip = reasonToSkip(file, this.opts)
    if (skip) {
      this.state.media.put(file.uniqueId, { skipped: skip })
      this.stats.skipped++
      return Promise.resolve(undefined)
    }
    const job = this.queue.add(() => this.download(chatFolder, msg, file)).finally(() => {
      this.inFlight.delete(file.uniqueId)
      this.onChange?.({ ...this.stats, queued: this.queue.size + this.queue.pending })
    })
    this.inFlight.set(file.uniqueId, job)
    return job
  }

  private async download(chatFolder: string, msg: Message, file: FileRef): Promise<string | undefined> {
    const rel = joinVault(chatFolder, mediaRelPath(file.kind, msg.id, file.name))
    const abs = join(this.vaultDir, rel)
    const tmp = tmpName(abs)
    try {
      const { sha256, size } = await this.fetchTo(tmp, file, msg)
      // equal bytes finishing together: the first one stores them, the others wait for its path
      const storing = this.storing.get(sha256)
      const stored = storing ? await storing : this.state.media.byHash(sha256)
      if (stored && existsSync(join(this.vaultDir, stored))) {
        await rm(tmp, { force: true })
        this.state.media.put(file.uniqueId, { path: stored, sha256, size })
        return stored
      }
      const store = (async () => {
        await mkdir(dirname(abs), { recursive: true })
        await rename(tmp, abs)
        this.state.media.put(file.uniqueId, { path: rel, sha256, size })
        return rel
      })()
      this.storing.set(sha256, store)
      try {
        await store
      } finally {
        this.storing.delete(sha256)
      }
      this.stats.files++
      this.stats.bytes += size
      return rel
    } catch (e) {
      await rm(tmp, { force: true }).catch(() => {})
      const text = (e as Error).message.split('\n')[0]
      const reason = e instanceof FileUnavailable ? text : `${FAILED}: ${text}`
      this.warn?.(`${file.name} (message ${msg.id}): ${reason}`)
      this.state.media.put(file.uniqueId, { skipped: reason })
      this.stats.skipped++
      return undefined
    }
  }

  private async fetchTo(tmp: string, file: FileRef, msg: Message): Promise<{ sha256: string; size: number }> {
    const hash = createHash('sha256')
    const out = createWriteStream(tmp)
    let size = 0
    try {
      for await (const chunk of this.source.open(file, msg)) {
        hash.update(chunk)
        size += chunk.length
        if (!out.write(chunk)) await once(out, 'drain')
      }
      out.end()
      await once(out, 'finish')
    } catch (e) {
      out.destroy()
      throw e
    }
    return { sha256: hash.digest('hex'), size }
  }

  /** Resolves when few enough downloads wait: the reader pauses rather than queue a whole chat's files. */
  async roomFor(backlog = 500): Promise<void> {
    if (this.queue.size > backlog) await this.queue.onSizeLessThan(Math.floor(backlog / 2))
  }

  async drain(): Promise<void> {
    await this.queue.onIdle()
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

/** A hard link costs no space; where links are not possible (other file systems, FAT) a copy does. */
async function linkOrCopy(from: string, to: string): Promise<void> {
  await mkdir(dirname(to), { recursive: true })
  await rm(to, { force: true })
  await link(from, to).catch(() => copyFile(from, to))
}

export const ALL_FILE_KINDS: FileKind[] = ['photo', 'video', 'audio', 'voice', 'video_note', 'sticker', 'animation', 'file']
