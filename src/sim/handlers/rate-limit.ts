// Hidden per-account, per-method request rate limits: a sliding one-second window. The client
// is never told the limit; it only sees FLOOD_WAIT_N with N = seconds until a call fits again.
import { RpcError } from '../types.ts'

export class RateLimiter {
  /** account:method -> timestamps (ms) of accepted calls within the last second */
  private readonly windows = new Map<string, number[]>()

  constructor(
    private readonly limits: Record<string, number>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws 420 FLOOD_WAIT_N when the call would exceed the method's limit. */
  check(account: string, method: string): void {
    const limit = this.limits[method]
    if (!limit || limit <= 0) return
    const key = `${account}:${method}`
    const t = this.now()
    let w = this.windows.get(key)
    if (!w) this.windows.set(key, (w = []))
    while (w.length > 0 && w[0]! <= t - 1000) w.shift()
    if (w.length >= Math.max(1, Math.floor(limit))) {
      const wait = Math.max(1, Math.ceil((w[0]! + 1000 - t) / 1000))
      throw new RpcError(420, `FLOOD_WAIT_${wait}`)
    }
    w.push(t)
  }
}
