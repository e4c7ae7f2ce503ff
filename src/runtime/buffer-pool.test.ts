import { describe, expect, it } from 'vitest'
import { BufferPool } from './buffer-pool.ts'

describe('BufferPool', () => {
  it('lends fixed-size chunks, reuses released ones and reports utilization', () => {
    const pool = new BufferPool(1024, 2)
    const a = pool.acquire()
    const b = pool.acquire()
    expect(a.length).toBe(1024)
    expect(pool.stats()).toMatchObject({ inUse: 2, free: 0, utilization: 1, misses: 0 })
    pool.release(a)
    expect(pool.acquire()).toBe(a)
    const extra = pool.acquire() // past capacity: allocated, counted, not kept on release
    expect(pool.stats().misses).toBe(1)
    pool.release(extra); pool.release(a); pool.release(b)
    expect(pool.stats()).toMatchObject({ inUse: 0, free: 2, utilization: 0 })
    expect(() => pool.release(a)).toThrow(/released twice/)
  })

  it('grows and shrinks', async () => {
    const pool = new BufferPool(16, 1)
    pool.grow(3)
    expect(pool.stats()).toMatchObject({ capacity: 4, free: 4 })
    const held = pool.acquire()
    pool.shrink(3)
    expect(pool.stats()).toMatchObject({ capacity: 1, free: 0, inUse: 1 })
    pool.release(held)
    expect(pool.stats().free).toBe(1)
    expect(await pool.with(async (b) => b.length)).toBe(16)
    expect(pool.stats().inUse).toBe(0)
  })
})
