// The one seam between tobs and mtcute's network stack: a raw TL call, possibly through a takeout
// session. Everything in telegram/ speaks through an Rpc so takeout and rate policy compose here.
import type { tl } from '@mtcute/core'

export type Rpc = <T extends tl.RpcMethod>(request: T) => Promise<tl.RpcCallReturn[T['_']]>

/** Telegram's error text of an mtcute RpcError, or undefined for anything else. */
export function rpcErrorText(e: unknown): string | undefined {
  if (typeof e === 'object' && e !== null && 'text' in e && typeof (e as { text: unknown }).text === 'string') {
    return (e as { text: string }).text
  }
  return undefined
}

/**
 * Seconds of a FLOOD_WAIT_N / TAKEOUT_INIT_DELAY_N style error, if it is one. mtcute rewrites such
 * texts to `FLOOD_WAIT_%d` and keeps the number in `seconds`; a raw text carries it at the end.
 */
export function waitSeconds(e: unknown, prefix: string): number | undefined {
  const text = rpcErrorText(e)
  if (!text?.startsWith(prefix)) return undefined
  const tail = text.slice(prefix.length)
  const n = tail === '%d' ? (e as { seconds?: unknown }).seconds : Number(tail)
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const t = setTimeout(done, ms)
    function done() {
      signal?.removeEventListener('abort', abort)
      resolve()
    }
    function abort() {
      clearTimeout(t)
      reject(signal!.reason)
    }
    signal?.addEventListener('abort', abort, { once: true })
  })
}
