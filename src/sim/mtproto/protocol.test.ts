// Wire-level behaviour checked with a bare client: what mtcute never sends (abridged framing, explicit
// containers, gzip_packed, garbage constructors, foreign keys) must still be answered like Telegram does.
import { randomBytes } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { TlBinaryReader, __tlReaderMap } from '@mtcute/core/utils.js'
import Long from 'long'
import { startDcServer } from './server.ts'
import type { DcServer } from './server.ts'
import { basicHandler } from './test-fixtures.ts'
import { RawClient } from './raw-client.ts'
import type { RawMessage } from './raw-client.ts'
import { ID, serializeTl } from './tl-out.ts'
import { tlStub } from '../tl-schema.ts'
import type { TransportMode } from './framing.ts'

let server: DcServer | undefined
let raw: RawClient | undefined
const logs: string[] = []
const key = randomBytes(256)

afterEach(async () => {
  raw?.close()
  await server?.close()
  raw = server = undefined
  logs.length = 0
})

/** help.getCountriesList answers with a few KB, more than abridged's one-byte length can say. */
const bigAnswer = () =>
  tlStub('help.countriesList', {
    countries: Array.from({ length: 60 }, (_, i) => tlStub('help.country', { iso2: `C${i}`, defaultName: `Country number ${i}` })),
    hash: 1,
  })

async function start(mode: TransportMode = 'intermediate', clientKey: Uint8Array = key): Promise<RawClient> {
  const handler = basicHandler(() => [server!], bigAnswer)
  server = await startDcServer({ dcId: 2, authKeys: [key], handler, log: (l) => logs.push(l) })
  raw = await RawClient.connect(server.port, clientKey, mode)
  return raw
}

/** Decodes an rpc_result: the request it answers and its result object. */
function rpcResult(m: RawMessage): { reqMsgId: bigint; result: any } {
  expect(m.body.readUInt32LE(0)).toBe(ID.rpcResult)
  return { reqMsgId: m.body.readBigUInt64LE(4), result: new TlBinaryReader(__tlReaderMap, m.body, 12).object() }
}

const nearestDcCall = () => serializeTl({ _: 'help.getNearestDc' })

describe('MTProto wire protocol', () => {
  for (const mode of ['abridged', 'intermediate', 'padded'] as const) {
    it(`speaks ${mode} framing, small and large frames`, async () => {
      const c = await start(mode)
      const id = c.send(nearestDcCall())
      const small = rpcResult(await c.next())
      expect(small.reqMsgId).toBe(id)
      expect(small.result).toMatchObject({ _: 'nearestDc', thisDc: 2 })
      // over 508 bytes, abridged needs its 4-byte length form
      c.send(serializeTl({ _: 'help.getCountriesList', langCode: 'en', hash: 0 } as { _: string }))
      const large = await c.next()
      expect(large.body.length).toBeGreaterThan(508)
      expect(rpcResult(large).result.countries).toHaveLength(60)
    })
  }

  it('answers every call inside a msg_container and inside gzip_packed', async () => {
    const c = await start()
    const a = nearestDcCall()
    const b = serializeTl({ _: 'help.getConfig' })
    const ids = [c.nextMsgId(), c.nextMsgId()]
    const container = Buffer.alloc(8 + 2 * 16 + a.length + b.length)
    container.writeUInt32LE(ID.msgContainer, 0)
    container.writeUInt32LE(2, 4)
    let pos = 8
    for (const [i, body] of [a, b].entries()) {
      container.writeBigUInt64LE(ids[i]!, pos)
      container.writeUInt32LE(i * 2 + 1, pos + 8)
      container.writeUInt32LE(body.length, pos + 12)
      container.set(body, pos + 16)
      pos += 16 + body.length
    }
    c.send(container, c.nextMsgId())
    const gz = gzipSync(nearestDcCall())
    const packed = Buffer.concat([Buffer.from(new Uint32Array([ID.gzipPacked]).buffer), tlBytes(gz)])
    const gzId = c.send(packed)
    const answers = [rpcResult(await c.next()), rpcResult(await c.next()), rpcResult(await c.next())]
    expect(answers.map((x) => x.reqMsgId).sort()).toEqual([...ids, gzId].sort())
    expect(server!.counters.calls['help.getNearestDc']).toBe(2)
    expect(server!.counters.calls['help.getConfig']).toBe(1)
  })

  it('answers ping and ping_delay_disconnect with pong', async () => {
    const c = await start()
    for (const name of ['mt_ping', 'mt_ping_delay_disconnect'] as const) {
      const pingId = Long.fromNumber(12345 + name.length)
      const id = c.send(serializeTl({ _: name, pingId, disconnectDelay: 75 } as { _: string }))
      const pong = new TlBinaryReader(__tlReaderMap, (await c.next()).body).object() as any
      expect(pong._).toBe('mt_pong')
      expect(pong.msgId.toString()).toBe(id.toString())
      expect(pong.pingId.eq(pingId)).toBe(true)
    }
  })

  it('answers get_future_salts, destroy_session and msgs_state_req with bare service messages', async () => {
    const c = await start()
    const saltsId = c.send(serializeTl({ _: 'mt_get_future_salts', num: 3 } as { _: string }))
    const salts = new TlBinaryReader(__tlReaderMap, (await c.next()).body).object() as any
    expect(salts._).toBe('mt_future_salts')
    expect(salts.reqMsgId.toString()).toBe(saltsId.toString())
    expect(salts.salts).toHaveLength(3)

    const sessionId = Long.fromNumber(777)
    c.send(serializeTl({ _: 'mt_destroy_session', sessionId } as { _: string }))
    const ok = new TlBinaryReader(__tlReaderMap, (await c.next()).body).object() as any
    expect(ok._).toBe('mt_destroy_session_ok')
    expect(ok.sessionId.eq(sessionId)).toBe(true)

    const answeredId = c.send(nearestDcCall())
    await c.next()
    const never = c.nextMsgId()
    const toLongId = (v: bigint) => Long.fromString(v.toString())
    c.send(serializeTl({ _: 'mt_msgs_state_req', msgIds: [toLongId(answeredId), toLongId(never)] } as { _: string }))
    const info = new TlBinaryReader(__tlReaderMap, (await c.next().catch((e) => { console.log(logs); throw e })).body).object() as any
    expect(info._).toBe('mt_msgs_state_info')
    expect(info.info[0] & 64).toBe(64) // answer generated
    expect(info.info[1]).toBe(1) // nothing known
  })

  it('answers an undecodable request with 400 INPUT_CONSTRUCTOR_INVALID', async () => {
    const c = await start()
    const id = c.send(Buffer.from([0x78, 0x56, 0x34, 0x12, 0, 0, 0, 0]))
    const { reqMsgId, result } = rpcResult(await c.next())
    expect(reqMsgId).toBe(id)
    expect(result).toMatchObject({ _: 'mt_rpc_error', errorCode: 400, errorMessage: 'INPUT_CONSTRUCTOR_INVALID' })
    expect(server!.counters.errors['INPUT_CONSTRUCTOR_INVALID']).toBe(1)
  })

  it('closes the connection for an unknown auth key, and logs why', async () => {
    const c = await start('intermediate', randomBytes(256))
    c.send(nearestDcCall())
    await c.closedByServer()
    expect(logs.some((l) => l.includes('unknown auth_key_id'))).toBe(true)
    expect(server!.counters.calls['help.getNearestDc']).toBeUndefined()
  })

  it('closes the connection on an unknown transport tag', async () => {
    server = await startDcServer({ dcId: 2, authKeys: [key], handler: basicHandler(() => [server!]), log: (l) => logs.push(l) })
    const { connect } = await import('node:net')
    const s = connect(server.port, '127.0.0.1')
    s.on('error', () => {})
    s.write(Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]))
    await new Promise<void>((resolve) => s.on('close', () => resolve()))
    expect(logs.some((l) => l.includes('unsupported transport tag'))).toBe(true)
  })
})

/** TL `bytes` encoding (length prefix + padding to 4). */
function tlBytes(data: Uint8Array): Buffer {
  const head = data.length < 254 ? Buffer.from([data.length]) : Buffer.from([254, data.length & 0xff, (data.length >> 8) & 0xff, (data.length >> 16) & 0xff])
  const pad = (4 - ((head.length + data.length) % 4)) % 4
  return Buffer.concat([head, data, Buffer.alloc(pad)])
}
