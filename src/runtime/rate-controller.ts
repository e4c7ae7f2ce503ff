// Finds how many requests per second Telegram tolerates for one method, without being told:
// grow while answers are clean and fast, back off on FLOOD_WAIT or on latency well above the
// baseline, and remember the rate that flooded so probing above it stays rare (DESIGN.md section 4).

export interface RateControllerOptions {
  /** requests/s to start with */
  initialRate?: number
  /** never go above (requests/s) */
  maxRate?: number
  /** never go below (requests/s) */
  minRate?: number
  /** requests allowed in flight at once */
  maxInFlight?: number
  now?: () => number
}

export class RateController {
  rate: number
  /** lowest rate known to flood; probing stays below it */
  ceiling = Infinity
  inFlight = 0
  floodWaits = 0
  private readonly maxRate: number
  private readonly minRate: number
  readonly maxInFlight: number
  private readonly now: () => number
  private nextSlot = 0
  private pausedUntil = 0
  private lastChange = 0
  private baselineMs = Infinity
  private cleanSince = 0
  private readonly waiters: (() => void)[] = []

  constructor(opts: RateControllerOptions = {}) {
    this.rate = opts.initialRate ?? 10
    this.maxRate = opts.maxRate ?? 2000
    this.minRate = opts.minRate ?? 0.5
    this.maxInFlight = opts.maxInFlight ?? 32
    this.now = opts.now ?? (() => performance.now())
    this.lastChange = this.cleanSince = this.now()
  }

  /** Waits for a slot: evenly spaced at `rate`, no more than maxInFlight at once, none while paused. */
  async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted()
      if (this.inFlight >= this.maxInFlight) {
        await new Promise<void>((r) => this.waiters.push(r))
        continue
      }
      const t = this.now()
      const at = Math.max(this.nextSlot, this.pausedUntil, t)
      if (at <= t) {
        this.nextSlot = t + 1000 / this.rate
        this.inFlight++
        return
      }
      await new Promise((r) => setTimeout(r, at - t))
    }
  }

  /** A clean answer after `latencyMs`. */
  success(latencyMs: number): void {
    this.release()
    this.baselineMs = Math.min(this.baselineMs, latencyMs)
    const t = this.now()
    // rising latency is how a throttling server looks before it says FLOOD_WAIT
    if (latencyMs > this.baselineMs * 3 + 50) {
      if (t - this.lastChange > 1000) this.setRate(this.rate * 0.85, t)
      this.cleanSince = t
      return
    }
    const clean = t - this.cleanSince
    const step = this.rate < this.ceiling * 0.8 ? 1.25 : 1.01
    const every = this.rate < this.ceiling * 0.8 ? 500 : 8000
    if (clean > every && t - this.lastChange > every) {
      this.setRate(Math.min(this.rate * step, this.ceiling * 0.97), t)
    }
  }

  /** Telegram answered FLOOD_WAIT_seconds for a request sent at the current rate. */
  flood(seconds: number): void {
    this.release()
    const t = this.now()
    this.floodWaits++
    this.pausedUntil = Math.max(this.pausedUntil, t + seconds * 1000)
    // several requests in flight see the same limit; count it once per pause
    if (t - this.lastChange > 500) {
      this.ceiling = Math.min(this.ceiling, this.rate)
      this.setRate(this.rate * 0.9, t)
    }
    this.cleanSince = t + seconds * 1000
  }

  /** Any other failure: the slot is free again. */
  failure(): void {
    this.release()
  }

  private release(): void {
    this.inFlight--
    this.waiters.shift()?.()
  }

  private setRate(rate: number, t: number): void {
    this.rate = Math.max(this.minRate, Math.min(this.maxRate, rate))
    this.lastChange = t
    this.cleanSince = t
  }
}
