// Behaviour knobs and counters, exercised through the real mtcute client over TCP.
import { afterEach, describe, expect, it } from 'vitest'
import Long from 'long'
import { PaddedIntermediatePacketCodec } from '@mtcute/core'
import type { tl } from '@mtcute/core'
import { TcpTransport } from '@mtcute/node'
import { RpcError } from '../types.ts'
import type { TlRequest } from '../types.ts'
import { tlStub } from '../tl-schema.ts'
import { startFixture } from './test-fixtures.ts'
import type { Fixture } from './test-fixtures.ts'
import { serializeTl } from './tl-out.ts'

let fx: Fixture | undefined
afterEach(async () => {
  await fx?.close()
  fx = undefined
})

const countries = { _: 'help.getCountriesList', langCode: 'en', hash: 0 } as const
const notModified = { _: 'help.countriesListNotModified' }

class PaddedTcpTransport extends TcpTransport {
  override packetCodec(): PaddedIntermediatePacketCodec {
    return new PaddedIntermediatePacketCodec()
  }
}

describe('knobs and counters', () => {
  it('serves mtcute over padded intermediate framing', async () => {
    fx = await startFixture({ client: { client: { transport: new PaddedTcpTransport() } } })
    const results = await Promise.all(Array.from({ length: 5 }, () => fx!.client.call({ _: 'help.getNearestDc' })))
    expect(results.every((r) => r._ === 'nearestDc')).toBe(true)
  })

  it('runs many concurrent calls at once and answers them in completion order', async () => {
    fx = await startFixture({
      handler: () => notModified,
      server: { latencyMs: (method, ctx) => (method === 'help.getNearestDc' ? 300 : ctx.dcId === 2 ? 40 : 0) },
    })
    await fx.client.call({ _: 'help.getNearestDc' }) // connect first, so all calls below share one session
    const order: string[] = []
    const slow = fx.client.call({ _: 'help.getNearestDc' }).then(() => order.push('slow'))
    const fast = Array.from({ length: 40 }, () => fx!.client.call(countries).then(() => order.push('fast')))
    await Promise.all([slow, ...fast])
    expect(order[order.length - 1]).toBe('slow')
    expect(fx.server.counters.peakInFlightByMethod['help.getCountriesList']).toBeGreaterThanOrEqual(10)
    expect(fx.server.counters.peakInFlight).toBeGreaterThanOrEqual(11)
    expect(fx.server.counters.inFlight).toBe(0)
  })

  it('delays answers by latencyMs', async () => {
    fx = await startFixture({ server: { latencyMs: (m) => (m === 'help.getNearestDc' ? 250 : 0) } })
    await fx.client.call({ _: 'help.getConfig' })
    const t0 = performance.now()
    await fx.client.call({ _: 'help.getNearestDc' })
    expect(performance.now() - t0).toBeGreaterThanOrEqual(240)
  })

  it('drops the connection instead of answering; mtcute reconnects and the call succeeds', async () => {
    let calls = 0
    fx = await startFixture({
      handler: () => {
        calls++
        // the first answer is replaced by a dropped connection, the retry is answered
        fx!.server.setKnobs({ dropRate: calls === 1 ? 1 : 0 })
        return notModified
      },
    })
    await fx.client.call({ _: 'help.getNearestDc' })
    const res = await fx.client.call(countries)
    expect(res._).toBe('help.countriesListNotModified')
    expect(calls).toBe(2)
    expect(fx.server.counters.droppedConnections).toBe(1)
    expect(fx.server.counters.connections).toBeGreaterThanOrEqual(2)
  }, 20_000)

  it('caps bytes per second on a connection', async () => {
    const part = serializeTl(tlStub('upload.file', { type: tlStub('storage.filePartial'), bytes: new Uint8Array(256 * 1024) }))
    fx = await startFixture({ handler: () => part, server: { bytesPerSecond: 1024 * 1024 } })
    await fx.client.call({ _: 'help.getNearestDc' })
    const getFile: tl.upload.RawGetFileRequest = {
      _: 'upload.getFile',
      location: { _: 'inputDocumentFileLocation', id: Long.ONE, accessHash: Long.ONE, fileReference: new Uint8Array(), thumbSize: '' },
      offset: 0,
      limit: 256 * 1024,
    }
    const t0 = performance.now()
    const files = await Promise.all(Array.from({ length: 6 }, () => fx!.client.call(getFile)))
    const seconds = (performance.now() - t0) / 1000
    expect(files.every((f) => f._ === 'upload.file' && f.bytes.length === 256 * 1024)).toBe(true)
    // 1.5 MB at 1 MB/s: about 1.5 s; generous bounds against a loaded machine
    expect(seconds).toBeGreaterThan(1.2)
    expect(seconds).toBeLessThan(6)
    expect(fx.server.counters.bytesSent).toBeGreaterThan(6 * 256 * 1024)

    fx.server.setKnobs({ bytesPerSecond: undefined })
    const t1 = performance.now()
    await Promise.all(Array.from({ length: 6 }, () => fx!.client.call(getFile)))
    expect((performance.now() - t1) / 1000).toBeLessThan(seconds / 2)
  }, 20_000)

  it('counts calls, errors, flood waits and bytes; resetCounters zeroes them', async () => {
    fx = await startFixture({
      handler: (req: TlRequest) => {
        if (req._ === 'help.getCountriesList') throw new RpcError(420, 'FLOOD_WAIT_3')
        if (req._ === 'help.getAppConfig') throw new RpcError(420, 'FLOOD_PREMIUM_WAIT_2')
        throw new RpcError(400, 'PEER_ID_INVALID')
      },
    })
    // mtcute remembers a FLOOD_WAIT per method and fails repeats locally, so each error uses its own method
    const noSleep = { floodSleepThreshold: 0 }
    await expect(fx.client.call(countries, noSleep)).rejects.toThrow(/FLOOD_WAIT_3/)
    await expect(fx.client.call({ _: 'help.getAppConfig', hash: 0 }, noSleep)).rejects.toThrow(/FLOOD_PREMIUM_WAIT_2/)
    await expect(fx.client.call({ _: 'help.getTermsOfServiceUpdate' })).rejects.toThrow(/PEER_ID_INVALID/)
    const c = fx.server.counters
    expect(c.calls['help.getCountriesList']).toBe(1)
    expect(c.calls['help.getAppConfig']).toBe(1)
    expect(c.errors).toMatchObject({ FLOOD_WAIT_3: 1, FLOOD_PREMIUM_WAIT_2: 1, PEER_ID_INVALID: 1 })
    expect(c.floodWaits).toBe(2)
    expect(c.bytesReceived).toBeGreaterThan(0)
    expect(c.bytesSent).toBeGreaterThan(0)
    expect(c.connections).toBe(1)
    fx.server.resetCounters()
    expect(fx.server.counters).toMatchObject({ calls: {}, errors: {}, floodWaits: 0, bytesSent: 0, connections: 0 })
  })
})
