import { describe, expect, it } from 'vitest'
import { PartCollector } from './collect.ts'

describe('PartCollector', () => {
  it('asks for a young-generation collection once every 4 MiB of parts dropped', () => {
    const calls: unknown[] = []
    const c = new PartCollector((o) => calls.push(o))
    for (let i = 0; i < 11; i++) c.dropped(2 ** 20)
    expect(calls).toEqual([{ type: 'minor', execution: 'sync' }, { type: 'minor', execution: 'sync' }])
  })

  it('does nothing where node runs without --expose-gc', () => {
    expect(() => new PartCollector(undefined).dropped(64 * 2 ** 20)).not.toThrow()
  })
})
