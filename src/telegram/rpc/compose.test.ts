import { describe, expect, it } from 'vitest'
import type { Rpc } from '../rpc.ts'
import { composeRpc, type RpcMiddleware } from './compose.ts'

describe('composeRpc', () => {
  it('runs the first layer first and skips absent ones', async () => {
    const seen: string[] = []
    const tag = (name: string): RpcMiddleware => (next) => ((req) => {
      seen.push(name)
      return next(req)
    }) as Rpc
    const base = (async () => {
      seen.push('base')
      return true
    }) as unknown as Rpc
    const rpc = composeRpc(base, tag('a'), undefined, tag('b'))
    await rpc({ _: 'help.getConfig' })
    expect(seen).toEqual(['a', 'b', 'base'])
  })
})
