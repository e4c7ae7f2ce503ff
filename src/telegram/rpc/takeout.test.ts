import Long from 'long'
import { describe, expect, it } from 'vitest'
import type { Rpc } from '../rpc.ts'
import { inTakeout } from './takeout.ts'

describe('inTakeout', () => {
  it('wraps each call in invokeWithTakeout with the session id, as mtcute\'s proxy does', async () => {
    const sent: unknown[] = []
    const base = (async (req: unknown) => {
      sent.push(req)
      return 'answer'
    }) as unknown as Rpc
    const id = Long.fromNumber(42)
    const rpc = inTakeout(id)(base)
    expect(await rpc({ _: 'help.getConfig' })).toBe('answer')
    expect(sent).toEqual([{ _: 'invokeWithTakeout', takeoutId: id, query: { _: 'help.getConfig' } }])
  })
})
