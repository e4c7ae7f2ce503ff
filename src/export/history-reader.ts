// One getHistory page under the adaptive rate controller: waits for a slot, reports latency, and on
// FLOOD_WAIT lets the controller pause and slow down before trying the same page again.
import type { InputPeers } from '../telegram/input-peers.ts'
import { getPageAfter, type AscendingPage, type HistoryTarget } from '../telegram/history.ts'
import { waitSeconds, type Rpc } from '../telegram/rpc.ts'
import type { RateController } from '../runtime/rate-controller.ts'

export interface ReaderMeter {
  floodWaits: number
}

export function controlledPages(
  rpc: Rpc, peers: InputPeers, target: HistoryTarget, control: RateController, meter: ReaderMeter, signal?: AbortSignal,
): (afterId: number, toId: number) => Promise<AscendingPage> {
  return async (afterId, toId) => {
    for (;;) {
      await control.acquire(signal)
      const t0 = performance.now()
      let page: AscendingPage
      try {
        page = await getPageAfter(rpc, peers, target, afterId, toId)
      } catch (e) {
        const wait = waitSeconds(e, 'FLOOD_WAIT_') ?? waitSeconds(e, 'FLOOD_PREMIUM_WAIT_')
        if (wait === undefined) {
          control.failure()
          throw e
        }
        meter.floodWaits++
        control.flood(wait)
        continue
      }
      control.success(performance.now() - t0)
      return page
    }
  }
}
