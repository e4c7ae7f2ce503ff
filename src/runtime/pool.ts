// A priority worker pool over p-queue: four priorities, a concurrency that can change while running,
// a bounded queue whose producers wait when it is full (backpressure), a per-task timeout that also
// aborts the task's signal, shutdown, and the metrics the --json summary prints (issue 12).
import { setMaxListeners } from 'node:events'
import PQueue from 'p-queue'

export type Priority = 'low' | 'medium' | 'high' | 'critical'
const RANK: Record<Priority, number> = { low: 0, medium: 1, high: 2, critical: 3 }

export interface PoolOptions {
  name: string
  concurrency: number
  /** tasks allowed to wait; a producer past it waits in submit() until there is room */
  maxQueued?: number
  /** ms a running task may take; past it the task's signal aborts and its promise rejects */
  timeoutMs?: number
}

export interface TaskOptions {
  priority?: Priority
  timeoutMs?: number
}

export interface PoolMetrics {
  name: string
  concurrency: number
  done: number
  failed: number
  avgMs: number
  queued: number
  running: number
  /** running / concurrency, 0-1 */
  load: number
  /** every worker busy and tasks waiting */
  overloaded: boolean
  /** over the pool's life: time its tasks ran / (its workers x the time), 0-1 */
  utilization: number
}

export class PoolClosed extends Error {
  constructor(name: string) { super(`pool ${name} is shut down`) }
}

export class PoolCleared extends Error {
  constructor(name: string) { super(`pool ${name} was cleared before this task started`) }
}

export class TaskTimeout extends Error {
  constructor(ms: number) { super(`task took longer than ${ms} ms`) }
}

export type Task<T> = (signal: AbortSignal) => Promise<T>

export class PriorityPool {
  readonly name: string
  private readonly queue: PQueue
  private readonly maxQueued: number
  private readonly timeoutMs?: number
  private done = 0
  private failed = 0
  private totalMs = 0
  private closed = false
  /** set by a hard shutdown: tasks still queued reject instead of running */
  private dropping = false
  private readonly abort = new AbortController()
  /** how to reject each task still waiting, for clear() */
  private readonly waiting = new Set<(e: Error) => void>()
  /** worker-milliseconds the pool offered up to `since` (its concurrency changes while it runs) */
  private capacityMs = 0
  private since = performance.now()

  constructor(opts: PoolOptions) {
    this.name = opts.name
    this.queue = new PQueue({ concurrency: Math.max(1, opts.concurrency) })
    this.maxQueued = opts.maxQueued ?? Infinity
    this.timeoutMs = opts.timeoutMs
    // every running task listens for shutdown: as many listeners as the concurrency, by design
    setMaxListeners(0, this.abort.signal)
  }

  get concurrency(): number { return this.queue.concurrency }
  /** takes effect at once: more workers start queued tasks now, fewer let running ones finish */
  set concurrency(n: number) {
    this.capacityMs = this.capacity()
    this.since = performance.now()
    this.queue.concurrency = Math.max(1, Math.floor(n))
  }

  private capacity(): number { return this.capacityMs + this.concurrency * (performance.now() - this.since) }

  /** Waits for room in the queue (backpressure), then queues the task; resolves with its result. */
  async submit<T>(task: Task<T>, opts: TaskOptions = {}): Promise<T> {
    while (this.queue.size >= this.maxQueued && !this.closed) await this.queue.onSizeLessThan(this.maxQueued)
    return this.run(task, opts)
  }

  /** Queues without waiting for room: for callers that bound their own work. */
  run<T>(task: Task<T>, opts: TaskOptions = {}): Promise<T> {
    if (this.closed) return Promise.reject(new PoolClosed(this.name))
    const timeoutMs = opts.timeoutMs ?? this.timeoutMs
    return new Promise<T>((resolve, reject) => {
      this.waiting.add(reject)
      const started = () => {
        this.waiting.delete(reject)
        return this.timed(task, timeoutMs)
      }
      this.queue.add(started, { priority: RANK[opts.priority ?? 'medium'] }).then((v) => resolve(v as T), reject)
    })
  }

  private async timed<T>(task: Task<T>, timeoutMs: number | undefined): Promise<T> {
    if (this.dropping) throw new PoolClosed(this.name)
    const start = performance.now()
    const ctl = new AbortController()
    const onClose = () => ctl.abort(new PoolClosed(this.name))
    this.abort.signal.addEventListener('abort', onClose, { once: true })
    let timer: NodeJS.Timeout | undefined
    try {
      const work = task(ctl.signal)
      const result = timeoutMs === undefined ? await work : await Promise.race([work, new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const err = new TaskTimeout(timeoutMs)
          reject(err) // before the abort, which may let the task settle first
          ctl.abort(err)
        }, timeoutMs)
      })])
      this.done++
      return result
    } catch (e) {
      this.failed++
      throw e
    } finally {
      clearTimeout(timer)
      this.abort.signal.removeEventListener('abort', onClose)
      this.totalMs += performance.now() - start
    }
  }

  metrics(): PoolMetrics {
    const running = this.queue.pending
    const queued = this.queue.size
    const finished = this.done + this.failed
    return {
      name: this.name, concurrency: this.concurrency, done: this.done, failed: this.failed,
      avgMs: finished ? Math.round((this.totalMs / finished) * 10) / 10 : 0,
      queued, running, load: Math.min(1, running / this.concurrency),
      overloaded: running >= this.concurrency && queued > 0,
      utilization: Math.round(Math.min(1, this.totalMs / Math.max(1, this.capacity())) * 1000) / 1000,
    }
  }

  onIdle(): Promise<void> { return this.queue.onIdle() }

  /** tasks waiting, and tasks running */
  get queued(): number { return this.queue.size }
  get running(): number { return this.queue.pending }

  /** Resolves once fewer than `n` tasks wait: for producers that pause rather than queue everything. */
  onQueuedBelow(n: number): Promise<void> { return this.queue.onSizeLessThan(n) }

  /** Drops the tasks still waiting, each rejecting with PoolCleared (a caller never waits forever); running ones go on. */
  clear(): void {
    this.queue.clear()
    for (const reject of this.waiting) reject(new PoolCleared(this.name))
    this.waiting.clear()
  }

  /**
   * Stops taking tasks. Graceful: queued tasks still run; resolves when all are done. Not graceful:
   * queued tasks reject with PoolClosed without running, and running ones see their signal abort.
   */
  async shutdown(graceful = true): Promise<void> {
    this.closed = true
    if (!graceful) {
      this.dropping = true
      this.abort.abort(new PoolClosed(this.name))
    }
    await this.queue.onIdle()
  }
}
