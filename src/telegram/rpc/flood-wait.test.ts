import { describe, expect, it } from 'vitest'
import type { Rpc } from '../rpc.ts'
import { floodWait } from './flood-wait.ts'

/** A base that fails with each of `errors` in turn, then answers. */
function failing(errors: unknown[]): Rpc {
  return (async () => {
    const e = errors.shift()
    if (e) throw e
    return 'ok'
  }) as unknown as Rpc
}

describe('floodWait', () => {
  it('sleeps the seconds Telegram asks for, reports them, and asks again', async () => {
    const slept: number[] = []
    const waits: [string, number][] = []
    const rpc = floodWait({
      maxSeconds: 60, sleep: async (ms) => void slept.push(ms), onFloodWait: (m, s) => waits.push([m, s]),
    })(failing([{ text: 'FLOOD_WAIT_%d', seconds: 3 }, { text: 'FLOOD_PREMIUM_WAIT_2' }]))
    expect(await rpc({ _: 'help.getConfig' })).toBe('ok')
    expect(slept).toEqual([3000, 2000])
    expect(waits).toEqual([['help.getConfig', 3], ['help.getConfig', 2]])
  })

  it('surfaces a wait longer than the bound, and any other error, at once', async () => {
    const slept: number[] = []
    const opts = { maxSeconds: 10, sleep: async (ms: number) => void slept.push(ms) }
    await expect(floodWait(opts)(failing([{ text: 'FLOOD_WAIT_11' }]))({ _: 'help.getConfig' })).rejects.toEqual({ text: 'FLOOD_WAIT_11' })
    await expect(floodWait(opts)(failing([{ text: 'PEER_ID_INVALID' }]))({ _: 'help.getConfig' })).rejects.toEqual({ text: 'PEER_ID_INVALID' })
    expect(slept).toEqual([])
  })
})
