import { describe, expect, it } from 'vitest'
import { ByteBudget } from './budget.ts'

describe('ByteBudget', () => {
  it('lets parts in while bytes are free, then first come first served', async () => {
    const b = new ByteBudget(10)
    const order: string[] = []
    await b.acquire(6)
    const big = b.acquire(8).then(() => order.push('big'))
    const small = b.acquire(2).then(() => order.push('small'))
    await new Promise((r) => setTimeout(r, 5))
    // 4 bytes are free, but the small part waits behind the big one: no starvation of large parts
    expect(order).toEqual([])
    b.release(6)
    await Promise.all([big, small])
    expect(order).toEqual(['big', 'small'])
  })

  it('gives up a wait when its signal aborts, and the next waiter moves up', async () => {
    const b = new ByteBudget(4)
    await b.acquire(4)
    const stop = new AbortController()
    const gone = b.acquire(4, stop.signal)
    const next = b.acquire(2)
    stop.abort(new Error('stopped'))
    await expect(gone).rejects.toThrow('stopped')
    b.release(4)
    await expect(next).resolves.toBe(2)
  })

  it('lets a part larger than the budget take all of it', async () => {
    const b = new ByteBudget(4)
    await expect(b.acquire(1 << 20)).resolves.toBe(4)
  })
})
