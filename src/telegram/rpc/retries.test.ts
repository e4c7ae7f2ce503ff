import { describe, expect, it } from 'vitest'
import type { Rpc } from '../rpc.ts'
import { isTransient, retries } from './retries.ts'

function failing(errors: unknown[], calls: { n: number }): Rpc {
  return (async () => {
    calls.n++
    const e = errors.shift()
    if (e) throw e
    return 'ok'
  }) as unknown as Rpc
}

describe('retries', () => {
  it('asks again after internal errors, pausing between', async () => {
    const calls = { n: 0 }
    const slept: number[] = []
    const rpc = retries({ retries: 3, pauseMs: 100, sleep: async (ms) => void slept.push(ms) })(
      failing([{ code: 500, text: 'INTERNAL' }, { code: -503, text: 'Timeout' }], calls))
    expect(await rpc({ _: 'help.getConfig' })).toBe('ok')
    expect(calls.n).toBe(3)
    expect(slept).toEqual([100, 100])
  })

  it('gives up after its bound, and never retries the request\'s own errors', async () => {
    const internal = { code: 500, text: 'INTERNAL' }
    const calls = { n: 0 }
    const opts = { retries: 2, pauseMs: 0, sleep: async () => {} }
    await expect(retries(opts)(failing([internal, internal, internal, internal], calls))({ _: 'help.getConfig' })).rejects.toBe(internal)
    expect(calls.n).toBe(3)
    calls.n = 0
    const bad = { code: 400, text: 'PEER_ID_INVALID' }
    await expect(retries(opts)(failing([bad], calls))({ _: 'help.getConfig' })).rejects.toBe(bad)
    expect(calls.n).toBe(1)
    expect(isTransient({ code: 420, text: 'FLOOD_WAIT_3' })).toBe(false)
  })
})
