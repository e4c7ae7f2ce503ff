import { describe, expect, it } from 'vitest'
import { RateController } from './rate-controller.ts'

/** Drives the controller on a fake clock against a server allowing `limit` requests per sliding second. */
function simulate(limit: number, seconds: number, latencyMs = 50) {
  let now = 0
  const c = new RateController({ initialRate: 5, maxInFlight: 16, now: () => now })
  const accepted: number[] = []
  const floods: number[] = []
  const inflight: { done: number; ok: boolean }[] = []
  while (now < seconds * 1000) {
    // complete due requests
    for (let i = inflight.length - 1; i >= 0; i--) {
      if (inflight[i]!.done <= now) {
        const r = inflight.splice(i, 1)[0]!
        if (r.ok) c.success(latencyMs)
        else c.flood(1)
      }
    }
    // send whatever the controller lets through at this instant
    while (c.tryAcquire() === 0) {
      const window = accepted.filter((t) => t > now - 1000).length
      const ok = window < limit
      if (ok) accepted.push(now)
      else floods.push(now)
      inflight.push({ done: now + latencyMs, ok })
    }
    now += 1
  }
  return { accepted, floods, rate: c.rate }
}

describe('RateController', () => {
  it('settles just under a hidden limit, with flood waits only while it learns', () => {
    const { accepted, floods } = simulate(30, 120)
    const lastMinute = accepted.filter((t) => t >= 60_000).length / 60
    expect(lastMinute).toBeGreaterThan(30 * 0.9)
    expect(lastMinute).toBeLessThanOrEqual(30)
    expect(floods.filter((t) => t > 10_000).length).toBeLessThanOrEqual(3)
  })

  it('keeps growing when nothing limits it', () => {
    const { rate } = simulate(100_000, 10)
    expect(rate).toBeGreaterThan(200)
  })
})
