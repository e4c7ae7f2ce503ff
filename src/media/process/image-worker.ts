// --optimize-images off the export's CPU: sharp runs in a child process at the lowest CPU priority,
// like ffmpeg and the recognisers. In the exporting process it took the export's own priority and
// libuv's thread pool (shared with file writes): with all processing on, the seed profile's history
// and media rates fell to 0.64 of their rates without it (issue 12).
import { fork, type ChildProcess } from 'node:child_process'
import { constants, setPriority } from 'node:os'
import type { ImageAnswer, ImageRequest } from './image-child.ts'
import type { ImageOptions, ImageResult } from './image.ts'

interface Waiter { resolve: (r: ImageResult) => void; reject: (e: Error) => void }

export class ImageWorker {
  private child: ChildProcess | undefined
  private nextId = 1
  private readonly waiting = new Map<number, Waiter>()

  /** `threads`: libvips threads per image in the child */
  constructor(private readonly threads: number) {}

  /** the child's process id while it runs (tests read its priority) */
  get pid(): number | undefined { return this.child?.pid }

  /** Writes the optimised image to `to`; an abort ends the child (a new one serves later calls). */
  optimize(from: string, to: string, opts: ImageOptions, signal?: AbortSignal): Promise<ImageResult> {
    signal?.throwIfAborted()
    const child = this.started()
    const id = this.nextId++
    return new Promise<ImageResult>((resolve, reject) => {
      const onAbort = () => this.close(signal!.reason instanceof Error ? signal!.reason : new Error('aborted'))
      signal?.addEventListener('abort', onAbort, { once: true })
      const done = () => {
        signal?.removeEventListener('abort', onAbort)
        this.waiting.delete(id)
        if (this.waiting.size === 0) this.idle(true)
      }
      this.waiting.set(id, { resolve: (r) => { done(); resolve(r) }, reject: (e) => { done(); reject(e) } })
      this.idle(false)
      child.send({ id, from, to, opts } satisfies ImageRequest)
    })
  }

  /** Ends the child; requests still waiting reject with `reason`. */
  close(reason = new Error('image worker closed')): void {
    const child = this.child
    this.child = undefined
    child?.kill()
    for (const w of [...this.waiting.values()]) w.reject(reason)
  }

  private started(): ChildProcess {
    if (this.child) return this.child
    const ts = import.meta.url.endsWith('.ts')
    const child = fork(new URL(ts ? './image-child.ts' : './image-child.js', import.meta.url), [String(this.threads)], {
      execArgv: ts ? ['--import', 'tsx'] : [], stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    })
    try {
      // at once, before the child loads sharp (it lowers itself too: threads started before this inherit it there)
      if (child.pid) setPriority(child.pid, constants.priority.PRIORITY_LOW)
    } catch { /* not allowed here */ }
    child.on('message', (m: ImageAnswer) => {
      const w = this.waiting.get(m.id)
      if (!w) return
      if ('error' in m) w.reject(new Error(m.error))
      else w.resolve(m.result)
    })
    child.on('exit', (code, sig) => {
      if (this.child === child) this.close(new Error(`image worker ended (${sig ?? `exit ${code}`})`))
    })
    child.on('error', () => { /* 'exit' follows and says it */ })
    this.child = child
    this.idle(true)
    return child
  }

  /** An idle child keeps no run alive; one with work waiting does. */
  private idle(yes: boolean): void {
    const c = this.child
    if (!c) return
    const channel = c.channel as { ref(): void; unref(): void } | undefined
    if (yes) { c.unref(); channel?.unref() } else { c.ref(); channel?.ref() }
  }
}
