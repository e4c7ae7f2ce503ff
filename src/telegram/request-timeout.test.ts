import { afterEach, describe, expect, it, vi } from 'vitest'
import { requestTimeout, RequestTimeoutError } from './request-timeout.ts'

type Params = { abortSignal?: AbortSignal; timeout?: number }
type Ctx = { request: { _: string }; params?: Params; manager: unknown }

/** mtcute's sendRpc as the middleware sees it: answers after `ms` (never when undefined), rejects with the signal's reason on abort. */
function server(answerMs: (attempt: number) => number | undefined, seen: Params[]) {
  let attempt = 0
  return (ctx: Ctx) => new Promise((resolve, reject) => {
    seen.push(ctx.params ?? {})
    const ms = answerMs(++attempt)
    const timer = ms === undefined ? undefined : setTimeout(() => resolve({ _: 'ok', attempt }), ms)
    ctx.params?.abortSignal?.addEventListener('abort', () => {
      clearTimeout(timer)
      reject(ctx.params!.abortSignal!.reason)
    })
  })
}

const call = (mw: ReturnType<typeof requestTimeout>, next: (ctx: Ctx) => Promise<unknown>, params?: Params) =>
  (mw as unknown as (ctx: Ctx, next: (ctx: Ctx) => Promise<unknown>) => Promise<unknown>)(
    { request: { _: 'messages.getHistory' }, params, manager: {} }, next)

describe('requestTimeout', () => {
  afterEach(() => vi.useRealTimers())

  it('leaves no timer behind an answered request (mtcute\'s own timeout kept every answer alive for its whole span)', async () => {
    vi.useFakeTimers()
    const seen: Params[] = []
    const pending = call(requestTimeout({ timeoutMs: 30_000, retries: 2 }), server(() => 5, seen))
    await vi.advanceTimersByTimeAsync(5)
    expect(await pending).toEqual({ _: 'ok', attempt: 1 })
    expect(seen[0]!.timeout).toBeUndefined()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('cancels a try that outlives its deadline, asks again, and fails with one line after the last try', async () => {
    vi.useFakeTimers()
    const timeouts: number[] = []
    const mw = requestTimeout({ timeoutMs: 1000, retries: 1, onTimeout: (_, n) => timeouts.push(n) })
    const late = call(mw, server((n) => (n === 1 ? undefined : 10), []))
    await vi.advanceTimersByTimeAsync(1010)
    expect(await late).toEqual({ _: 'ok', attempt: 2 })
    expect(timeouts).toEqual([1])

    const silent = call(requestTimeout({ timeoutMs: 1000, retries: 1 }), server(() => undefined, []))
    const failed = expect(silent).rejects.toThrow(new RequestTimeoutError('messages.getHistory', 1000, 2).message)
    await vi.advanceTimersByTimeAsync(2000)
    await failed
    expect(vi.getTimerCount()).toBe(0)
  })

  it('a caller\'s abort rejects with the caller\'s reason, not as a timeout', async () => {
    const stop = new AbortController()
    const pending = call(requestTimeout({ timeoutMs: 60_000, retries: 2 }), server(() => undefined, []), { abortSignal: stop.signal })
    stop.abort(new Error('user stopped'))
    await expect(pending).rejects.toThrow('user stopped')
  })
})
