import Long from 'long'
import { describe, expect, it } from 'vitest'
import { RpcError, type CallContext } from '../types.ts'
import { createWorld } from '../world/world.ts'
import { createHandler, defaultKnobs } from './index.ts'
import { RateLimiter } from './rate-limit.ts'
import { TakeoutDesk } from './account.ts'

const world = createWorld({ seed: 41, messages: 2000 })
const ctx: CallContext = { dcId: 2, authKeyId: 'acc', connectionId: 1, wrappers: [] }
const channel = world.chats.find((c) => c.kind === 'channel')!
const historyReq = { _: 'messages.getHistory', peer: { _: 'inputPeerChannel', channelId: channel.id, accessHash: Long.fromString(channel.accessHash) }, offsetId: 0, offsetDate: 0, addOffset: 0, limit: 10, maxId: 0, minId: 0, hash: Long.ZERO }

function errorOf(fn: () => unknown): RpcError | undefined {
  try {
    fn()
  } catch (e) {
    if (e instanceof RpcError) return e
    throw e
  }
  return undefined
}

describe('rate limits', () => {
  it('answers FLOOD_WAIT_N past the hidden per-second limit, then lets calls through', () => {
    let now = 1_000_000
    const limiter = new RateLimiter({ 'messages.getHistory': 3 }, () => now)
    for (let i = 0; i < 3; i++) limiter.check('a', 'messages.getHistory')
    const e = errorOf(() => limiter.check('a', 'messages.getHistory'))!
    expect([e.code, e.message]).toEqual([420, 'FLOOD_WAIT_1'])
    limiter.check('b', 'messages.getHistory') // per account
    limiter.check('a', 'messages.getDialogs') // per method
    now += 1001
    expect(errorOf(() => limiter.check('a', 'messages.getHistory'))).toBeUndefined()
  })

  it('with a penalty, shuts the account out of the method for that long: long FLOOD_WAITs', () => {
    let now = 1_000_000
    const limiter = new RateLimiter({ 'messages.getHistory': 2 }, () => now, 300)
    limiter.check('a', 'messages.getHistory')
    limiter.check('a', 'messages.getHistory')
    expect(errorOf(() => limiter.check('a', 'messages.getHistory'))!.message).toBe('FLOOD_WAIT_300')
    now += 100_000
    expect(errorOf(() => limiter.check('a', 'messages.getHistory'))!.message).toBe('FLOOD_WAIT_200')
    limiter.check('b', 'messages.getHistory')
    now += 200_001
    expect(errorOf(() => limiter.check('a', 'messages.getHistory'))).toBeUndefined()
  })

  it('is applied by the handler, per account and method', () => {
    const h = createHandler(world, defaultKnobs({ rateLimits: { 'messages.getHistory': 5 } }), () => [])
    const results = Array.from({ length: 8 }, () => errorOf(() => h(historyReq, ctx)))
    expect(results.filter((e) => e?.message.startsWith('FLOOD_WAIT_')).length).toBe(3)
  })
})

describe('takeout and failures', () => {
  it('delays the first takeout init, then opens a session that wrapped calls must name', () => {
    let now = 0
    const desk = new TakeoutDesk(5, () => now)
    expect(errorOf(() => desk.init(ctx))!.message).toBe('TAKEOUT_INIT_DELAY_5')
    now = 2500
    expect(errorOf(() => desk.init(ctx))!.message).toBe('TAKEOUT_INIT_DELAY_3')
    now = 5000
    const t = desk.init(ctx) as { id: Long }
    expect(() => desk.check(BigInt(t.id.toString()))).not.toThrow()
    expect(errorOf(() => desk.check(123n))!.message).toBe('TAKEOUT_INVALID')
    expect(desk.finish({ ...ctx, takeoutId: BigInt(t.id.toString()) })).toBe(true)
  })

  it('injects INTERNAL at the chosen rate, deterministically', () => {
    const run = () => {
      const h = createHandler(world, defaultKnobs({ internalErrorRate: 0.3, seed: 5 }), () => [])
      return Array.from({ length: 200 }, () => errorOf(() => h(historyReq, ctx))?.message ?? 'ok')
    }
    const a = run()
    const internal = a.filter((x) => x === 'INTERNAL').length
    expect(internal).toBeGreaterThan(30)
    expect(internal).toBeLessThan(90)
    expect(run()).toEqual(a)
  })
})
