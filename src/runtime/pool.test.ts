import { describe, expect, it } from 'vitest'
import { PoolCleared, PoolClosed, PriorityPool, TaskTimeout } from './pool.ts'
import { PoolCoordinator, poolSizes } from './coordinator.ts'

function gate() {
  let open!: () => void
  const p = new Promise<void>((r) => { open = r })
  return { p, open }
}

describe('PriorityPool', () => {
  it('starts a queued high-priority task before queued low ones', async () => {
    const pool = new PriorityPool({ name: 't', concurrency: 1 })
    const g = gate()
    const order: string[] = []
    const first = pool.run(async () => { await g.p; order.push('running') })
    const lows = [1, 2, 3].map((i) => pool.run(async () => { order.push(`low${i}`) }, { priority: 'low' }))
    const high = pool.run(async () => { order.push('high') }, { priority: 'high' })
    const crit = pool.run(async () => { order.push('critical') }, { priority: 'critical' })
    g.open()
    await Promise.all([first, ...lows, high, crit])
    expect(order).toEqual(['running', 'critical', 'high', 'low1', 'low2', 'low3'])
  })

  it('tells a producer when the queue shrank below a mark, and clear() drops the waiting tasks only, each rejecting', async () => {
    const pool = new PriorityPool({ name: 't', concurrency: 1 })
    const g = gate()
    const ran: number[] = []
    const running = pool.run(async () => { await g.p; ran.push(0) })
    const dropped = [1, 2, 3, 4].map((i) => pool.run(async () => { ran.push(i) }))
    expect([pool.queued, pool.running]).toEqual([4, 1])
    let below = false
    const mark = pool.onQueuedBelow(2).then(() => { below = true })
    await new Promise((r) => setTimeout(r, 10))
    expect(below).toBe(false)
    pool.clear()
    await mark
    expect(pool.queued).toBe(0)
    g.open()
    await running
    await pool.onIdle()
    expect(ran).toEqual([0])
    for (const d of await Promise.allSettled(dropped)) expect(d).toMatchObject({ status: 'rejected', reason: expect.any(PoolCleared) })
  })

  it('makes a producer wait while the queue is full (backpressure)', async () => {
    const pool = new PriorityPool({ name: 't', concurrency: 1, maxQueued: 2 })
    const g = gate()
    const running = pool.submit(() => g.p)
    await Promise.resolve()
    const queued = [pool.submit(async () => 1), pool.submit(async () => 2)]
    let thirdQueued = false
    const third = pool.submit(async () => 3).then((v) => { thirdQueued = true; return v })
    const entered = Promise.race([third, new Promise((r) => setTimeout(() => r('waiting'), 30))])
    expect(await entered).toBe('waiting')
    expect(pool.metrics().queued).toBe(2)
    expect(thirdQueued).toBe(false)
    g.open()
    await running
    expect(await Promise.all([...queued, third])).toEqual([1, 2, 3])
  })

  it('rejects a task past its timeout and aborts its signal', async () => {
    const pool = new PriorityPool({ name: 't', concurrency: 2, timeoutMs: 20 })
    let aborted = false
    const slow = pool.run((signal) => new Promise((resolve) => {
      signal.addEventListener('abort', () => { aborted = true; resolve('late') })
    }))
    await expect(slow).rejects.toBeInstanceOf(TaskTimeout)
    expect(aborted).toBe(true)
    expect(await pool.run(async () => 'quick')).toBe('quick')
    const m = pool.metrics()
    expect([m.done, m.failed]).toEqual([1, 1])
  })

  it('says how busy it was over its life: run time / (workers x time)', async () => {
    const pool = new PriorityPool({ name: 't', concurrency: 2 })
    const nap = () => new Promise<void>((r) => setTimeout(r, 100))
    await pool.run(nap)
    // one of two workers busy all along: about a half
    const half = pool.metrics().utilization
    expect(half).toBeGreaterThan(0.35)
    expect(half).toBeLessThanOrEqual(0.5)
    await nap()
    // then idle as long again: about a quarter
    expect(pool.metrics().utilization).toBeLessThan(half * 0.65)
  })

  it('changes concurrency while running', async () => {
    const pool = new PriorityPool({ name: 't', concurrency: 1 })
    const g = gate()
    const tasks = [1, 2, 3, 4].map(() => pool.run(() => g.p))
    await Promise.resolve()
    expect(pool.metrics()).toMatchObject({ running: 1, queued: 3, load: 1, overloaded: true })
    pool.concurrency = 3
    await Promise.resolve()
    expect(pool.metrics()).toMatchObject({ running: 3, queued: 1, concurrency: 3 })
    g.open()
    await Promise.all(tasks)
    expect(pool.metrics()).toMatchObject({ running: 0, queued: 0, done: 4, load: 0, overloaded: false })
  })

  it('shuts down: graceful runs what is queued, hard rejects it and aborts running tasks', async () => {
    const soft = new PriorityPool({ name: 's', concurrency: 1 })
    const ran: number[] = []
    const a = [1, 2].map((i) => soft.run(async () => { ran.push(i) }))
    await soft.shutdown()
    await Promise.all(a)
    expect(ran).toEqual([1, 2])
    await expect(soft.run(async () => 3)).rejects.toBeInstanceOf(PoolClosed)

    const hard = new PriorityPool({ name: 'h', concurrency: 1 })
    let sawAbort = false
    const running = hard.run((signal) => new Promise((_, reject) => {
      signal.addEventListener('abort', () => { sawAbort = true; reject(signal.reason) })
    }))
    const queued = hard.run(async () => 'never')
    await Promise.resolve()
    await hard.shutdown(false)
    await expect(running).rejects.toBeInstanceOf(PoolClosed)
    await expect(queued).rejects.toBeInstanceOf(PoolClosed)
    expect(sawAbort).toBe(true)
  })
})

describe('PoolCoordinator', () => {
  it('sizes pools from cores and disk kind, and reports them together', async () => {
    expect(poolSizes(8, 'rotational')).toEqual({ io: 4, processing: 7, transcription: 2 })
    expect(poolSizes(2, 'flash')).toEqual({ io: 16, processing: 1, transcription: 1 })
    const c = new PoolCoordinator({ io: 2, processing: 1, transcription: 1 })
    await Promise.all([c.pool('io').run(async () => 1), c.pool('processing').run(async () => 2)])
    expect(c.metrics().map((m) => [m.name, m.done])).toEqual([['io', 1], ['processing', 1]])
    expect(c.pool('io')).toBe(c.pool('io'))
  })
})
