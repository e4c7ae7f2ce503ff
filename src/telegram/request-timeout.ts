// Every request gets a deadline and a budget of tries (issue 16): mtcute waits forever for an
// answer by default, so a lost answer, a server that stops answering mid-file or a killed server hung
// an export for good (4 of 46 runs at a 2-5 % drop rate). A request with no answer in time is
// cancelled, the connections it could have used are replaced, and it is sent again; after the last
// try it fails with one line naming the method, which the caller turns into a failed file or a
// failed run.
//
// The deadline is tobs's own timer, cleared when the answer comes, cancelling the request through an
// abort signal: mtcute 0.30.3's own `timeout` parameter arms a timer it never clears on an answer, and
// that timer's closure holds the request and its answer for the whole timeout. At 10,000 messages a
// second that kept 30 s of getHistory pages alive: the live heap grew ~1.8 KB per message (10 MB to
// 100 MB over a 50k-message export) until the capped heap ran out (the bench died in its peer passes).
import type { RpcCallMiddleware } from '@mtcute/core'

export interface RequestTimeoutOptions {
  /** how long one try may wait for its answer */
  timeoutMs: number
  /** tries after the first one */
  retries: number
  /** told each time a try timed out (method, try number from 1) */
  onTimeout?: (method: string, attempt: number) => void
}

/** The request got no answer within its budget; the message is the one line a user sees. */
export class RequestTimeoutError extends Error {
  constructor(readonly method: string, timeoutMs: number, tries: number) {
    super(tries === 0
      ? `Telegram stopped answering; ${method} not sent; rerun to resume`
      : `Telegram did not answer ${method} within ${timeoutMs / 1000}s (${tries} ${tries === 1 ? 'try' : 'tries'}); rerun to resume`)
  }
}

export const DEFAULT_REQUEST_TIMEOUT: RequestTimeoutOptions = {
  timeoutMs: Number(process.env.TOBS_REQUEST_TIMEOUT_MS) || 30_000,
  retries: process.env.TOBS_REQUEST_RETRIES !== undefined ? Number(process.env.TOBS_REQUEST_RETRIES) : 2,
}

export function requestTimeout(opts: RequestTimeoutOptions = DEFAULT_REQUEST_TIMEOUT): RpcCallMiddleware {
  let lastAnswerAt = 0
  // Set once a request spent its whole budget without a single answer from the server on any
  // connection: the server is gone, and every later request fails at once instead of waiting out
  // its own budget (a queue of files would otherwise take files x budget / parallel downloads).
  let gone = false
  return async (ctx, next) => {
    // a caller that set its own deadline keeps it (and handles it)
    if (ctx.params?.timeout !== undefined) return next(ctx)
    const method = innerMethod(ctx.request)
    if (gone) throw new RequestTimeoutError(method, opts.timeoutMs, 0)
    const caller = ctx.params?.abortSignal
    const firstTry = Date.now()
    for (let attempt = 1; ; attempt++) {
      const res = await tryOnce(ctx, next, opts.timeoutMs)
      if (res !== TIMED_OUT) {
        lastAnswerAt = Date.now()
        return res
      }
      caller?.throwIfAborted()
      opts.onTimeout?.(method, attempt)
      replaceConnections(ctx.manager, ctx.params?.dcId, ctx.params?.kind ?? 'main')
      if (attempt > opts.retries) {
        if (lastAnswerAt < firstTry) gone = true
        throw new RequestTimeoutError(method, opts.timeoutMs, attempt)
      }
    }
  }
}

const TIMED_OUT = Symbol('timed out')

type Call = Parameters<RpcCallMiddleware>
/**
 * One try with its deadline: the answer, or TIMED_OUT once mtcute cancelled the request. The
 * caller's own abort still rejects with the caller's reason; either listener and the timer are gone
 * when this returns.
 */
async function tryOnce(ctx: Call[0], next: Call[1], timeoutMs: number): Promise<unknown> {
  const deadline = new AbortController()
  const caller = ctx.params?.abortSignal
  const forward = () => deadline.abort(caller!.reason)
  if (caller?.aborted) forward()
  else caller?.addEventListener('abort', forward, { once: true })
  const timer = setTimeout(() => deadline.abort(TIMED_OUT), timeoutMs)
  try {
    return await next({ ...ctx, params: { ...ctx.params, abortSignal: deadline.signal } })
  } catch (e) {
    if (e === TIMED_OUT) return TIMED_OUT
    throw e
  } finally {
    clearTimeout(timer)
    caller?.removeEventListener('abort', forward)
  }
}

/** The method a user would recognise: takeout and other wrappers name their inner query. */
function innerMethod(req: { _: string; query?: unknown }): string {
  let r = req
  while (r.query && typeof r.query === 'object' && '_' in r.query) r = r.query as typeof r
  return r._
}

// mtcute has no public call to drop one connection; these are its own fields (pinned to 0.30.3,
// DESIGN.md section 5), read defensively so another version degrades to "no replacement".
interface Reconnectable { reconnect?: () => void }
interface Pools { _primaryDc?: { dcId: number }; _dcConnections?: Map<number, Record<string, { _connections?: Reconnectable[] }>> }

/** Closes the connections of the pool a timed-out request went through; mtcute opens fresh ones and resends. */
export function replaceConnections(manager: unknown, dcId: number | undefined, kind: string): number {
  const pools = manager as Pools
  const dc = pools._dcConnections?.get(dcId ?? pools._primaryDc?.dcId ?? -1)
  let replaced = 0
  for (const conn of dc?.[kind]?._connections ?? []) {
    if (typeof conn.reconnect !== 'function') continue
    conn.reconnect()
    replaced++
  }
  return replaced
}
