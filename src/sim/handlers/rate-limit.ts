// Hidden per-account, per-method request rate limits: a sliding one-second window. The client
// is never told the limit; it only sees FLOOD_WAIT_N with N = seconds until a call fits again.
// With a penalty (floodWaitSeconds > 0) an account that exceeds a limit is shut out of that method
// for that long, as Telegram does, so clients meet long waits too (issue 16: only FLOOD_WAIT_1
// could ever be sent).
import { RpcError } from '../types.ts'

export class RateLimiter {
  /** account:method -> timestamps (ms) of accepted calls within the last second */
  private readonly windows = new Map<string, number[]>()
  /** account:method -> time (ms) until which every call is refused */
  private readonly blocked = new Map<string, number>()

  constructor(
    private readonly limits: Record<string, number>,
    private readonly now: () => number = Date.now,
    private readonly floodWaitSeconds = 0,
  ) {}

  /** Throws 420 FLOOD_WAIT_N when the call would exceed the method's limit. */
  check(account: string, method: string): void {
    const limit = this.limits[method]
    if (!limit || limit <= 0) return
    const key = `${account}:${method}`
    const t = this.now()
    const until = this.blocked.get(key)
    if (until !== undefined && t < until) throw new RpcError(420, `FLOOD_WAIT_${Math.ceil((until - t) / 1000)}`)
    let w = this.windows.get(key)
    if (!w) this.windows.set(key, (w = []))
    while (w.length > 0 && w[0]! <= t - 1000) w.shift()
    if (w.length >= Math.max(1, Math.floor(limit))) {
      const wait = Math.max(1, Math.ceil((w[0]! + 1000 - t) / 1000), this.floodWaitSeconds)
      if (this.floodWaitSeconds > 0) this.blocked.set(key, t + wait * 1000)
      throw new RpcError(420, `FLOOD_WAIT_${wait}`)
    }
    w.push(t)
  }
}
