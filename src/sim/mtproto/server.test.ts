import { afterEach, describe, expect, it } from 'vitest'
import { RpcError } from '../types.ts'
import type { CallContext, TlRequest } from '../types.ts'
import { startFixture } from './test-fixtures.ts'
import type { Fixture } from './test-fixtures.ts'

let fx: Fixture | undefined
afterEach(async () => {
  await fx?.close()
  fx = undefined
})

describe('startDcServer with the real mtcute client', () => {
  it('answers a call and unwraps the wrappers into ctx', async () => {
    const seen: CallContext[] = []
    fx = await startFixture({
      handler: (req, ctx) => {
        seen.push(ctx)
        return { _: 'help.countriesListNotModified' }
      },
    })
    const nearest = await fx.client.call({ _: 'help.getNearestDc' })
    expect(nearest).toMatchObject({ _: 'nearestDc', thisDc: 2, nearestDc: 2, country: 'XX' })
    const countries = await fx.client.call({ _: 'help.getCountriesList', langCode: 'en', hash: 0 })
    expect(countries._).toBe('help.countriesListNotModified')
    expect(seen).toHaveLength(1)
    expect(seen[0]!.dcId).toBe(2)
    expect(seen[0]!.wrappers).toContain('invokeWithoutUpdates')
    expect(seen[0]!.authKeyId).toMatch(/^[0-9a-f]{16}$/)
    expect(fx.server.counters.calls['help.getNearestDc']).toBe(1)
    expect(fx.server.counters.calls['help.getCountriesList']).toBe(1)
    expect(fx.server.counters.connections).toBeGreaterThanOrEqual(1)
  })

  it('passes errors thrown as RpcError to the client as rpc_error', async () => {
    fx = await startFixture()
    const err = await fx.client.call({ _: 'help.getCountriesList', langCode: 'en', hash: 0 }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(Error)
    expect((err as { code?: number }).code).toBe(400)
    expect((err as Error).message).toContain('METHOD_INVALID')
    expect(fx.server.counters.errors['METHOD_INVALID']).toBe(1)
  })

  it('answers 500 INTERNAL_SERVER_ERROR when a handler throws a plain Error, and keeps serving', async () => {
    fx = await startFixture({
      handler: (req: TlRequest) => {
        if (req._ === 'help.getCountriesList') throw new Error('world bug')
        throw new RpcError(400, 'METHOD_INVALID')
      },
    })
    // mtcute retries 5xx forever (1 s apart) unless told otherwise
    const err = await fx.client.call({ _: 'help.getCountriesList', langCode: 'en', hash: 0 }, { maxRetryCount: 0 }).catch((e: unknown) => e)
    expect((err as { code?: number }).code).toBe(500)
    expect(fx.logs.some((l) => l.includes('world bug'))).toBe(true)
    expect(await fx.client.call({ _: 'help.getNearestDc' })).toMatchObject({ _: 'nearestDc' })
  })
})
