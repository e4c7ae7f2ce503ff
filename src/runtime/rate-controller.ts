// Finds how many requests per second Telegram tolerates for one method, without being told:
// grow fast while answers are clean and the rate is what holds requests back (slow start), back off
// on FLOOD_WAIT or on latency far above the baseline (a throttling server slows down before it says
// FLOOD_WAIT), and remember the rate that flooded so probing above it stays rare (DESIGN.md section 4).

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

const SLOW_START_EVERY_MS = 300
const PROBE_FIRST_MS = 10_000
const PROBE_MAX_MS = 60_000
/** steady rate as a share of the lowest rate that flooded: the window's edge jitters */
const TARGET_OF_CEILING = 0.98
/** rate after a flood, as a share of what got through */
const BACK_OFF = 0.95

export class RateController {
  rate: number
  /** lowest rate known to flood; probing stays below it */
  ceiling = Infinity
  inFlight = 0
  readonly maxInFlight: number
  private readonly maxRate: number
  private readonly minRate: number
  private readonly now: () => number
  private nextSlot = 0
  private pausedUntil = 0
  private lastChange: number
  private lastFlood = -Infinity
  private burstStart = -Infinity
  private burstSent = 0
  private burstFloods = 0
  private probeEveryMs = PROBE_FIRST_MS
  private baselineMs = Infinity
  /** a request waited for the rate (not for a free slot) since the last change: the rate binds */
  private rateBound = false
  private readonly waiters: (() => void)[] = []
  /** when the last requests were let through, for the rate actually sent (ring buffer) */
  private readonly sent = new Float64Array(256)
  private sentCount = 0

  constructor(opts: RateControllerOptions = {}) {
    this.rate = opts.initialRate ?? 10
    this.maxRate = opts.maxRate ?? 5000
    this.minRate = opts.minRate ?? 0.5
    this.maxInFlight = opts.maxInFlight ?? 32
    this.now = opts.now ?? (() => performance.now())
    this.lastChange = this.now()
  }

  /** The controller history reading starts with: k requests in flight at most, a modest first rate. */
  static forHistory(maxInFlight: number): RateController {
    return new RateController({ maxInFlight, initialRate: Math.min(20, maxInFlight * 5) })
  }

  /** Waits for a slot: evenly spaced at `rate`, at most maxInFlight at once, none while paused. */
  async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted()
      const wait = this.tryAcquire()
      if (wait === 0) return
      if (wait === Infinity) await new Promise<void>((r) => this.waiters.push(r))
      else await new Promise((r) => setTimeout(r, wait))
    }
  }

  /** Takes a slot if one is free now: 0; else ms until one may be, or Infinity until a request ends. */
  tryAcquire(): number {
    if (this.inFlight >= this.maxInFlight) return Infinity
    const t = this.now()
    const at = Math.max(this.nextSlot, this.pausedUntil, t)
    if (at > t) {
      if (at === this.nextSlot) this.rateBound = true
      return at - t
    }
    // evenly spaced, no saved-up credit: a burst after a pause is what a sliding window punishes
    this.nextSlot = Math.max(this.nextSlot, t) + 1000 / this.rate
    this.sent[this.sentCount++ % this.sent.length] = t
    this.inFlight++
    return 0
  }

  /** A clean answer after `latencyMs`. */
  success(latencyMs: number): void {
    this.release()
    this.baselineMs = Math.min(this.baselineMs, latencyMs)
    const t = this.now()
    if (latencyMs > Math.max(this.baselineMs * 3, this.baselineMs + 250)) {
      if (t - this.lastChange > 2000) this.setRate(this.rate * 0.9, t)
      return
    }
    if (!this.rateBound) return
    const slowStart = this.rate < this.ceiling * 0.8
    const every = slowStart ? SLOW_START_EVERY_MS : this.probeEveryMs
    if (t - this.lastChange < every || t < this.pausedUntil) return
    if (slowStart) return this.setRate(this.rate * 1.5, t)
    // probe: halve the distance to just under the rate that flooded; long clean at that rate means
    // the estimate was low (or the limit rose), so lift it a little and let a flood correct it
    let target = this.ceiling * TARGET_OF_CEILING
    if (this.rate >= target * 0.999 && t - this.lastFlood > this.probeEveryMs) {
      this.ceiling *= 1.02
      target = this.ceiling * TARGET_OF_CEILING
    }
    if (this.rate < target) this.setRate(Math.min(target, this.rate + Math.max(this.rate * 0.01, (target - this.rate) / 2)), t)
  }

  /** Telegram answered FLOOD_WAIT_seconds for a request sent at the current rate. */
  flood(seconds: number): void {
    this.release()
    const t = this.now()
    this.pausedUntil = Math.max(this.pausedUntil, t + seconds * 1000)
    // Requests in flight together meet the same limit: one burst. What got through is what was sent
    // in the last second (slow start may have asked for far more) less the requests refused.
    if (t - this.burstStart > 1000) {
      this.burstStart = t
      // a one-second count is coarse at small rates (7 or 8 of 7.6/s): at a steady rate the
      // three-second average is finer, while the last second is closer during slow start
      this.burstSent = Math.min(this.rate, Math.max(this.sentWithin(t, 1000), this.sentWithin(t, 3000)))
      this.burstFloods = 0
      this.probeEveryMs = Math.min(PROBE_MAX_MS, this.lastFlood > 0 ? this.probeEveryMs * 2 : PROBE_FIRST_MS)
    }
    this.burstFloods++
    this.lastFlood = t
    const accepted = Math.max(this.minRate, this.burstSent - this.burstFloods + 1)
    this.ceiling = Math.min(this.ceiling, accepted)
    this.setRate(Math.min(this.rate, accepted * BACK_OFF), t)
  }

  /** Any other failure: the slot is free again. */
  failure(): void {
    this.release()
  }

  /** Requests let through in the last `ms` milliseconds, per second. */
  private sentWithin(t: number, ms: number): number {
    let n = 0
    const last = Math.min(this.sentCount, this.sent.length)
    for (let i = 1; i <= last; i++) {
      if (this.sent[(this.sentCount - i) % this.sent.length]! < t - ms) break
      n++
    }
    return (n * 1000) / ms
  }

  private release(): void {
    this.inFlight--
    this.waiters.shift()?.()
  }

  private setRate(rate: number, t: number): void {
    this.rate = Math.max(this.minRate, Math.min(this.maxRate, rate))
    this.lastChange = t
    this.rateBound = false
  }
}
