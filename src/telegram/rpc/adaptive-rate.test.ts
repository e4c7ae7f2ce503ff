import { describe, expect, it } from 'vitest'
import { RateController } from '../../runtime/rate-controller.ts'
import type { Rpc } from '../rpc.ts'
import { adaptiveRate } from './adaptive-rate.ts'

describe('adaptiveRate', () => {
  it('holds a slot per call, slows down on FLOOD_WAIT and asks the same page again', async () => {
    let now = 0
    const control = new RateController({ initialRate: 1000, maxInFlight: 2, now: () => now })
    const errors: unknown[] = [{ text: 'FLOOD_WAIT_%d', seconds: 1 }]
    let calls = 0
    const base = (async () => {
      calls++
      expect(control.inFlight).toBe(1)
      const e = errors.shift()
      if (e) {
        now += 10
        throw e
      }
      return 'page'
    }) as unknown as Rpc
    const floods: number[] = []
    const rateBefore = control.rate
    const acquire = control.acquire.bind(control)
    // the pause after a flood is the controller's: let the fake clock run through it
    control.acquire = async (signal) => {
      now += 2000
      return acquire(signal)
    }
    const rpc = adaptiveRate(control, { onFloodWait: (_m, s) => floods.push(s) })(base)
    expect(await rpc({ _: 'help.getConfig' })).toBe('page')
    expect(calls).toBe(2)
    expect(floods).toEqual([1])
    expect(control.rate).toBeLessThan(rateBefore)
    expect(control.inFlight).toBe(0)
  })

  it('frees the slot when a call fails otherwise', async () => {
    const control = new RateController({ initialRate: 1000, maxInFlight: 1 })
    const rpc = adaptiveRate(control)((async () => { throw new Error('down') }) as unknown as Rpc)
    await expect(rpc({ _: 'help.getConfig' })).rejects.toThrow('down')
    expect(control.inFlight).toBe(0)
  })
})
