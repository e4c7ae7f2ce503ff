// Per-connection output with optional bandwidth caps: frames queue and token buckets release them, so a
// connection averages `bytesPerSecond` however large its frames, and all connections of a DC together
// stay under the shared link's rate (the account's cap on a DC: the media benchmark's link model).
import type { Socket } from 'node:net'
import type { ServerCounters } from '../types.ts'

/** Burst allowance of the bucket, in seconds of bandwidth: small, so pacing shows even on short transfers. */
const BURST_SECONDS = 0.02

/** A token bucket shared by every connection of a DC server. */
export class SharedLink {
  tokens: number
  private last = performance.now()
  constructor(readonly bytesPerSecond: number) {
    this.tokens = bytesPerSecond * BURST_SECONDS
  }
  refill(now: number): void {
    this.tokens = Math.min(this.bytesPerSecond * BURST_SECONDS, this.tokens + ((now - this.last) / 1000) * this.bytesPerSecond)
    this.last = now
  }
}

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
    private readonly knobs: { bytesPerSecond?: number; link?: SharedLink },
  ) {
    this.tokens = (knobs.bytesPerSecond ?? 0) * BURST_SECONDS
  }

  write(frame: Buffer): void {
    if (this.closed) return
    if (!this.knobs.bytesPerSecond && !this.knobs.link && this.queue.length === 0) {
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
    const link = this.knobs.link
    const rate = this.knobs.bytesPerSecond ?? (link ? Infinity : undefined)
    if (!rate) {
      // the cap was lifted while frames waited
      for (const frame of this.queue.splice(0)) this.send(frame)
      return
    }
    const now = performance.now()
    this.tokens = rate === Infinity ? 1 : Math.min(rate * BURST_SECONDS, this.tokens + ((now - this.lastRefill) / 1000) * rate)
    this.lastRefill = now
    link?.refill(now)
    while (this.queue.length > 0 && this.tokens > 0 && (!link || link.tokens > 0)) {
      const frame = this.queue.shift()!
      if (rate !== Infinity) this.tokens -= frame.length
      if (link) link.tokens -= frame.length
      this.send(frame)
    }
    if (this.queue.length > 0 && !this.closed) {
      const own = rate === Infinity ? 0 : -this.tokens / rate
      const shared = link ? -link.tokens / link.bytesPerSecond : 0
      const waitMs = Math.max(1, Math.ceil(Math.max(own, shared) * 1000))
      this.timer = setTimeout(() => this.drain(), waitMs)
    }
  }
}
