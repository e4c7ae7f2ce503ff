// History calls under the adaptive rate controller: each waits for a slot, reports its latency, and
// on FLOOD_WAIT lets the controller pause and slow down before asking again (DESIGN.md section 4).
import type { RateController } from '../../runtime/rate-controller.ts'
import type { Rpc } from '../rpc.ts'
import type { RpcMiddleware } from './compose.ts'
import { floodWaitSeconds } from './flood-wait.ts'

export interface AdaptiveRateOptions {
  onFloodWait?: (method: string, seconds: number) => void
  signal?: AbortSignal
}

export function adaptiveRate(control: RateController, o: AdaptiveRateOptions = {}): RpcMiddleware {
  return (next) => (async (req) => {
    for (;;) {
      await control.acquire(o.signal)
      const t0 = performance.now()
      try {
        const res = await next(req)
        control.success(performance.now() - t0)
        return res
      } catch (e) {
        const wait = floodWaitSeconds(e)
        if (wait === undefined) {
          control.failure()
          throw e
        }
        o.onFloodWait?.(req._, wait)
        control.flood(wait)
      }
    }
  }) as Rpc
}
