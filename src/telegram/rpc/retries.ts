// Asks again when Telegram answers with an internal error (5xx, -503 "Timeout", WORKER_BUSY...),
// a bounded number of times with a pause between: such answers say nothing about the request.
import { rpcErrorText, sleep, type Rpc } from '../rpc.ts'
import type { RpcMiddleware } from './compose.ts'

export interface RetryOptions {
  /** further attempts after the first */
  retries: number
  pauseMs: number
  signal?: AbortSignal
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
}

/** Telegram's server-side failures: not the request's fault, worth asking again. */
export function isTransient(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code
  if (typeof code === 'number' && (code >= 500 || code === -503)) return true
  const text = rpcErrorText(e)
  return text !== undefined && /^(INTERNAL|RPC_CALL_FAIL|WORKER_BUSY|TIMEOUT|.*_TIMEOUT$)/.test(text)
}

export function retries(o: RetryOptions): RpcMiddleware {
  const nap = o.sleep ?? sleep
  return (next) => (async (req) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await next(req)
      } catch (e) {
        if (attempt >= o.retries || !isTransient(e)) throw e
        await nap(o.pauseMs, o.signal)
      }
    }
  }) as Rpc
}
