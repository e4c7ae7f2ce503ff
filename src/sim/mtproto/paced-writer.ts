// Per-connection output with an optional bandwidth cap: frames queue and a token bucket releases them,
// so a connection averages `bytesPerSecond` however large its frames (simulated link speed for file parts).
import type { Socket } from 'node:net'
import type { ServerCounters } from '../types.ts'

/** Burst allowance of the bucket, in seconds of bandwidth: small, so pacing shows even on short transfers. */
const BURST_SECONDS = 0.02

export class PacedWriter {
  private readonly queue: Buffer[] = []
  private tokens: number
  private lastRefill = performance.now()
  private timer: NodeJS.Timeout | undefined
  private closed = false

  constructor(
    private readonly socket: Socket,
    private readonly counters: ServerCounters,
    /** read on every write, so the cap can change while connections are open */
    private readonly knobs: { bytesPerSecond?: number },
  ) {
    this.tokens = (knobs.bytesPerSecond ?? 0) * BURST_SECONDS
  }

  write(frame: Buffer): void {
    if (this.closed) return
    if (!this.knobs.bytesPerSecond && this.queue.length === 0) {
      this.send(frame)
      return
    }
    this.queue.push(frame)
    if (!this.timer) this.drain()
  }

  close(): void {
    this.closed = true
    this.queue.length = 0
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
  }

  private send(frame: Buffer): void {
    if (this.socket.destroyed) return
    this.counters.bytesSent += frame.length
    this.socket.write(frame)
  }

  /** Sends while tokens last; a frame may overdraw the bucket, and the debt is paid by waiting. */
  private drain(): void {
    this.timer = undefined
    const rate = this.knobs.bytesPerSecond
    if (!rate) {
      // the cap was lifted while frames waited
      for (const frame of this.queue.splice(0)) this.send(frame)
      return
    }
    const now = performance.now()
    this.tokens = Math.min(rate * BURST_SECONDS, this.tokens + ((now - this.lastRefill) / 1000) * rate)
    this.lastRefill = now
    while (this.queue.length > 0 && this.tokens > 0) {
      const frame = this.queue.shift()!
      this.tokens -= frame.length
      this.send(frame)
    }
    if (this.queue.length > 0 && !this.closed) {
      const waitMs = Math.max(1, Math.ceil((-this.tokens / rate) * 1000))
      this.timer = setTimeout(() => this.drain(), waitMs)
    }
  }
}
