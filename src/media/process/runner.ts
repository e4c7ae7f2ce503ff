// Processing of placed media, after download and off the path that reads history: jobs are written
// to state.db as files are placed and run on the coordinator's processing and transcription pools at
// low priority. A finished job records its result, moves the message's placement to the processed
// file and marks its note for rewriting, all in one transaction; a killed run leaves the unfinished
// jobs pending for the next run or `tobs process` (issue 12).
import { existsSync } from 'node:fs'
import { rename, rm, stat } from 'node:fs/promises'
import { extname, join } from 'node:path'
import type { FileKind } from '../../model/types.ts'
import type { PoolCoordinator } from '../../runtime/coordinator.ts'
import { linkOrCopy } from '../../runtime/zero-copy.ts'
import { tmpName } from '../../vault/files.ts'
import { NO_TOPIC, type Job, type StateDb, type Step } from '../../vault/state.ts'
import { availableParallelism } from 'node:os'
import { imageThreads, type ImageOptions } from './image.ts'
import { ImageWorker } from './image-worker.ts'
import { OnceWarner } from './tools.ts'
import type { Transcriber } from './transcribe.ts'
import type { Transcoder } from './video.ts'

export interface ProcessOptions {
  image?: ImageOptions
  video?: Transcoder
  transcriber?: Transcriber
  /** keep the downloaded file beside the processed one */
  keepOriginals: boolean
}

export interface ProcessStats {
  images: number
  videos: number
  transcripts: number
  failed: number
  /** bytes of originals minus bytes of what replaced them */
  bytesSaved: number
}

/** How far this run's jobs are: `done` of the `total` handed to a pool (any outcome), and what each did. */
export interface ProcessTick {
  done: number
  total: number
  images: number
  videos: number
  transcripts: number
  failed: number
  /** kept as they were: the optimised photo was not smaller, or the file had gone */
  skipped: number
}

/** What each step applies to. Stickers and GIFs stay as they are (small, and animated). */
export function stepsFor(kind: FileKind, opts: ProcessOptions): Step[] {
  const steps: Step[] = []
  if (kind === 'photo' && opts.image) steps.push('image')
  if (kind === 'video' && opts.video) steps.push('video')
  if ((kind === 'voice' || kind === 'video_note') && opts.transcriber) steps.push('transcribe')
  return steps
}

/** The period key of the note that holds a message (the vault's layout: split per topic, local dates). */
export type PeriodOf = (chatId: number, topicId: number, date: number) => string

export class MediaProcessor {
  readonly stats: ProcessStats = { images: 0, videos: 0, transcripts: 0, failed: 0, bytesSaved: 0 }
  private readonly warner: OnceWarner
  private readonly running = new Set<Promise<void>>()
  /** set by stop(): whatever breaks from then on broke because of it (issue 14) */
  private stopping = false
  /** chats whose notes changed: rewritten at the end of the run */
  readonly touched = new Set<number>()
  /** the notes themselves: marked again before that rewrite, since a chat's writer that was writing
   * one when its job finished cleared the mark after rendering the old path */
  private readonly notesTouched: { chatId: number; topicId: number; period: string }[] = []
  /** sharp's process, started by the first image */
  private imageWorker: ImageWorker | undefined
  /** jobs handed to a pool this run (a job resumed while it was already queued is not queued twice) */
  private readonly started = new Set<string>()
  /** while the export reads history and downloads: the jobs allowed to run meanwhile (see holdWhileExporting) */
  private hold: { width: number } | undefined
  /** told after each finished job and when jobs start (the processing phase shows nothing else) */
  onProgress: ((t: ProcessTick) => void) | undefined
  private settled = 0
  private skipped = 0

  constructor(
    private readonly state: StateDb, private readonly vaultDir: string, private readonly opts: ProcessOptions,
    private readonly pools: PoolCoordinator, private readonly periodOf: PeriodOf, warn: (line: string) => void,
  ) {
    this.warner = new OnceWarner(warn)
  }

  /** One line per key per run (a missing tool is said once, however many files wait for it). */
  warnOnce(key: string, line: string): void {
    this.warner.once(key, line)
  }

  get enabled(): boolean {
    return Boolean(this.opts.image || this.opts.video || this.opts.transcriber)
  }

  /** A file was placed at `rel` for a message: record its jobs and start them. Never waits for them. */
  placed(chatId: number, msgId: number, uniqueId: string, kind: FileKind, rel: string): void {
    for (const step of stepsFor(kind, this.opts)) {
      if (this.state.processing.add({ chatId, msgId, uniqueId, step, src: rel })) {
        this.start(this.state.processing.get(chatId, msgId, uniqueId, step)!)
      }
    }
  }

  /**
   * The export is reading: run at most `width` image and video jobs at once meanwhile and no
   * transcription; the rest wait in state.db until release(). With width 0 nothing runs: on 2 cores,
   * even niced tools, each spawned from the exporting process, cost the seed profile's history rate
   * several per cent (issue 12 wants it within 5 %).
   */
  holdWhileExporting(width: number): void {
    this.hold = { width }
    if (width > 0) this.pools.pool('processing').concurrency = Math.min(width, this.pools.sizes.processing)
  }

  /** The export has read and downloaded everything: every pool at its size, every pending job started. */
  release(): void {
    if (!this.hold) return
    this.hold = undefined
    this.pools.pool('processing').concurrency = this.pools.sizes.processing
    this.resume()
  }

  /** Starts every job a killed or earlier run left pending. Returns how many. */
  resume(): number {
    const jobs = this.state.processing.pending()
    for (const j of jobs) this.start(j)
    if (this.started.size > this.settled) this.tick()
    return jobs.length
  }

  poolMetrics() {
    return this.pools.metrics()
  }

  /**
   * Deletes the originals replaced this run (or by a killed one), once no download can link to them
   * any more; a file id whose stored copy goes is downloaded again if a later message has it.
   */
  async removeOriginals(): Promise<number> {
    let n = 0
    for (const { path, uniqueId } of this.state.processing.removals()) {
      await rm(join(this.vaultDir, path), { force: true })
      this.state.transaction(() => {
        // a killed run may have lost its notes' marks: the notes that showed this file are redone
        for (const j of this.state.processing.jobsOf(path)) this.markNote(j)
        const rec = this.state.media.get(uniqueId)
        if (rec?.path === path) this.state.media.put(uniqueId, { ...rec, path: undefined })
        this.state.processing.removed(path)
      })
      n++
    }
    return n
  }

  /** Whether this run's jobs changed the note of that period. */
  changedNote(chatId: number, topicId: number, period: string): boolean {
    return this.notesTouched.some((n) => n.chatId === chatId && n.topicId === topicId && n.period === period)
  }

  /** Marks every note this run's jobs changed as stale again (see notesTouched). */
  remarkNotes(): void {
    this.state.transaction(() => {
      for (const n of this.notesTouched) this.state.notes.markDirty(n.chatId, n.topicId, n.period)
    })
  }

  /** Stops at once: running jobs are aborted and stay pending, like queued ones. */
  async stop(): Promise<void> {
    this.stopping = true
    await this.pools.shutdown(false)
    this.imageWorker?.close()
    await Promise.allSettled([...this.running])
  }

  async drain(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running])
  }

  private start(job: Job): void {
    if (this.hold && (this.hold.width === 0 || job.step === 'transcribe')) return
    const key = `${job.chatId}:${job.msgId}:${job.uniqueId}:${job.step}`
    if (this.started.has(key) || !this.ready(job.step)) return
    this.started.add(key)
    const pool = this.pools.pool(job.step === 'transcribe' ? 'transcription' : 'processing')
    const p = pool.run((signal) => this.runJob(job, signal), { priority: 'low' })
      .catch((e: Error) => this.fail(job, e))
      .finally(() => {
        this.running.delete(p)
        // a stopped job stays pending: not done
        if (this.stopping) return
        this.settled++
        this.tick()
      })
    this.running.add(p)
  }

  private tick(): void {
    const { images, videos, transcripts, failed } = this.stats
    this.onProgress?.({ done: this.settled, total: this.started.size, images, videos, transcripts, failed, skipped: this.skipped })
  }

  /** Whether the step's tool is there; says once when not, and leaves its jobs pending. */
  private ready(step: Step): boolean {
    if (step === 'video' && !this.opts.video) return false
    if (step === 'image' && !this.opts.image) return false
    if (step === 'transcribe') {
      const t = this.opts.transcriber
      const missing = t?.missing()
      if (!t || missing) {
        if (missing) this.warnOnce(missing.startsWith('ffmpeg not found') ? 'missing:ffmpeg' : `missing:${missing}`, missing)
        return false
      }
    }
    return true
  }

  private async runJob(job: Job, signal: AbortSignal): Promise<void> {
    // a job finished by an earlier attempt (or another message's copy of the file) is never redone
    const now = this.state.processing.get(job.chatId, job.msgId, job.uniqueId, job.step)
    if (!now || now.state !== 'pending') return
    const src = join(this.vaultDir, job.src)
    if (!existsSync(src)) {
      this.state.processing.finish(job, 'skipped', undefined, 'file not in the vault')
      this.skipped++
      return
    }
    if (job.step === 'transcribe') return this.transcribe(job, src, signal)
    return this.convert(job, src, signal)
  }

  private async transcribe(job: Job, src: string, signal: AbortSignal): Promise<void> {
    const t = this.opts.transcriber!
    const known = this.state.processing.transcript(job.uniqueId)
    const text = known ?? (await t.transcribe({ path: src, chatId: job.chatId, msgId: job.msgId }, signal))
    this.state.transaction(() => {
      if (known === undefined) this.state.processing.putTranscript(job.uniqueId, text, t.engine)
      this.state.processing.finish(job, 'done')
      this.markNote(job)
    })
    if (known === undefined) this.stats.transcripts++
  }

  private async convert(job: Job, src: string, signal: AbortSignal): Promise<void> {
    const rel = outputPath(job.src, job.step === 'image' ? `.${this.opts.image!.format === 'jpeg' ? 'jpg' : 'webp'}` : '.mp4', job.step)
    const out = join(this.vaultDir, rel)
    const before = (await stat(src)).size
    const other = this.state.processing.doneOutput(job.uniqueId, job.step)
    if (other && other !== rel && existsSync(join(this.vaultDir, other))) {
      await linkOrCopy(join(this.vaultDir, other), out)
    } else if (!existsSync(out)) {
      // an output that exists was renamed into place by a run killed before it could record it
      const tmp = tmpName(out)
      try {
        if (job.step === 'image') await this.images().optimize(src, tmp, this.opts.image!, signal)
        else await this.opts.video!.transcode(src, tmp, signal)
        await rename(tmp, out)
      } finally {
        await rm(tmp, { force: true })
      }
    }
    const after = (await stat(out)).size
    if (job.step === 'image' && after >= before) {
      // already smaller than we could make it: the original stays what the note shows
      await rm(out, { force: true })
      this.state.processing.finish(job, 'skipped', undefined, 'optimised file was not smaller')
      this.skipped++
      return
    }
    this.state.transaction(() => {
      this.state.processing.finish(job, 'done', rel)
      this.state.media.place(job.chatId, job.msgId, job.uniqueId, rel)
      if (!this.opts.keepOriginals) this.state.processing.toRemove(job.src, job.uniqueId)
      this.markNote(job)
    })
    if (job.step === 'image') this.stats.images++
    else this.stats.videos++
    this.stats.bytesSaved += before - after
  }

  private images(): ImageWorker {
    return (this.imageWorker ??= new ImageWorker(imageThreads(this.pools.sizes.processing, availableParallelism())))
  }

  private fail(job: Job, e: Error): void {
    // a stopped run: the tool's own error ("ffmpeg failed: aborted", "pool is shut down") is the stop
    if (this.stopping || e.name === 'AbortError' || (e as { code?: string }).code === 'ABORT_ERR') return // stays pending
    const line = e.message.split('\n')[0]!
    this.state.processing.finish(job, 'failed', undefined, line)
    this.stats.failed++
    this.warner.once(`fail:${job.chatId}:${job.msgId}:${job.step}`, `${job.src}: ${job.step} failed: ${line}`)
  }

  private markNote(job: Job): void {
    const where = this.state.messages.locate(job.chatId, job.msgId)
    if (!where) return
    const topicId = where.topicId ?? NO_TOPIC
    const note = { chatId: job.chatId, topicId, period: this.periodOf(job.chatId, topicId, where.date) }
    this.state.notes.markDirty(note.chatId, note.topicId, note.period)
    this.notesTouched.push(note)
    this.touched.add(job.chatId)
  }
}

/** `x.jpg` -> `x.webp`; a file that has the output's extension already gets a marker (`x.opt.webp`). */
export function outputPath(rel: string, ext: string, step: Step): string {
  const cur = extname(rel)
  const stem = cur ? rel.slice(0, -cur.length) : rel
  if (cur.toLowerCase() !== ext) return stem + ext
  return `${stem}.${step === 'image' ? 'opt' : 'h264'}${ext}`
}
