// Sleeps through a FLOOD_WAIT_N Telegram answers (up to a bound) and asks again; a longer wait
// surfaces as the error. For calls without a rate controller of their own (resolving, dialogs, topics).
import { sleep, waitSeconds, type Rpc } from '../rpc.ts'
import type { RpcMiddleware } from './compose.ts'

export interface FloodWaitOptions {
  /** the longest wait slept through, in seconds */
  maxSeconds: number
  onFloodWait?: (method: string, seconds: number) => void
  signal?: AbortSignal
  /** for tests */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
}

export function floodWaitSeconds(e: unknown): number | undefined {
  return waitSeconds(e, 'FLOOD_WAIT_') ?? waitSeconds(e, 'FLOOD_PREMIUM_WAIT_')
}

export function floodWait(o: FloodWaitOptions): RpcMiddleware {
  const nap = o.sleep ?? sleep
  return (next) => (async (req) => {
    for (;;) {
      try {
        return await next(req)
      } catch (e) {
        const wait = floodWaitSeconds(e)
        if (wait === undefined || wait > o.maxSeconds) throw e
        o.onFloodWait?.(req._, wait)
        await nap(wait * 1000, o.signal)
      }
    }
  }) as Rpc
}
