import { describe, expect, it } from 'vitest'
import type { Rpc } from '../rpc.ts'
import { metering } from './metering.ts'

describe('metering', () => {
  it('counts every request sent, by method, failed ones too', async () => {
    const calls: string[] = []
    let n = 0
    const base = (async () => {
      if (n++ === 1) throw new Error('boom')
      return true
    }) as unknown as Rpc
    const rpc = metering((m) => calls.push(m))(base)
    await rpc({ _: 'help.getConfig' })
    await expect(rpc({ _: 'help.getNearestDc' })).rejects.toThrow('boom')
    expect(calls).toEqual(['help.getConfig', 'help.getNearestDc'])
  })
})
