// Unit tests of the small pieces: framing, message ids, constructor ids, PRNG, counters.
import { describe, expect, it } from 'vitest'
import Long from 'long'
import { TlBinaryReader } from '@mtcute/core/utils.js'
import { FrameReader, FramingError, framePrefixLength, writeFramePrefix } from './framing.ts'
import type { TransportMode } from './framing.ts'
import { MsgIdGenerator } from './msg-id.ts'
import { ID, answerBody, longToBigInt, serializeTl, toLong } from './tl-out.ts'
import { seededRandom } from './prng.ts'
import { InFlightTracker, countError, newCounters, resetCounters } from './counters.ts'

function framed(mode: TransportMode, payloads: Buffer[]): Buffer {
  const tag = { abridged: [0xef], intermediate: [0xee, 0xee, 0xee, 0xee], padded: [0xdd, 0xdd, 0xdd, 0xdd] }[mode]
  const parts: Buffer[] = [Buffer.from(tag)]
  for (const p of payloads) {
    const prefix = Buffer.alloc(framePrefixLength(mode, p.length))
    writeFramePrefix(mode, p.length, prefix)
    parts.push(prefix, p)
  }
  return Buffer.concat(parts)
}

describe('FrameReader', () => {
  for (const mode of ['abridged', 'intermediate', 'padded'] as const) {
    it(`reassembles ${mode} frames fed one byte at a time`, () => {
      const payloads = [Buffer.alloc(8, 1), Buffer.alloc(4096, 2), Buffer.alloc(504, 3), Buffer.alloc(508, 4)]
      const stream = framed(mode, payloads)
      const reader = new FrameReader()
      const got: Buffer[] = []
      for (let i = 0; i < stream.length; i++) {
        for (const f of reader.push(stream.subarray(i, i + 1))) got.push(Buffer.from(f))
      }
      expect(reader.mode).toBe(mode)
      expect(got).toEqual(payloads)
    })
  }

  it('rejects an obfuscated or unknown transport tag', () => {
    expect(() => new FrameReader().push(Buffer.from([1, 2, 3, 4]))).toThrow(FramingError)
  })

  it('ignores the quick-ack bit of an intermediate length', () => {
    const reader = new FrameReader()
    const b = framed('intermediate', [Buffer.alloc(8, 7)])
    b[7]! |= 0x80
    expect(reader.push(b)).toEqual([Buffer.alloc(8, 7)])
  })
})

describe('MsgIdGenerator', () => {
  it('gives strictly increasing, time-based ids that are 1 mod 4', () => {
    const g = new MsgIdGenerator()
    let last = 0n
    for (let i = 0; i < 10_000; i++) {
      const id = g.next()
      expect(id % 4n).toBe(1n)
      expect(id > last).toBe(true)
      last = id
    }
    expect(Number(last >> 32n)).toBeCloseTo(Date.now() / 1000, -1)
  })
})

describe('tl-out', () => {
  it('uses the constructor ids of mtcute’s own schema', () => {
    const idOf = (o: object) => Buffer.from(serializeTl(o as { _: string })).readUInt32LE(0)
    expect(idOf({ _: 'mt_ping', pingId: Long.ZERO })).toBe(ID.ping)
    expect(idOf({ _: 'mt_ping_delay_disconnect', pingId: Long.ZERO, disconnectDelay: 0 })).toBe(ID.pingDelayDisconnect)
    expect(idOf({ _: 'mt_get_future_salts', num: 1 })).toBe(ID.getFutureSalts)
    expect(idOf({ _: 'mt_destroy_session', sessionId: Long.ZERO })).toBe(ID.destroySession)
    expect(idOf({ _: 'mt_msgs_state_req', msgIds: [] })).toBe(ID.msgsStateReq)
    expect(idOf({ _: 'mt_rpc_drop_answer', reqMsgId: Long.ZERO })).toBe(ID.rpcDropAnswer)
    expect(idOf({ _: 'mt_msgs_ack', msgIds: [] })).toBe(ID.msgsAck)
    expect(idOf({ _: 'mt_msg_resend_req', msgIds: [] })).toBe(ID.msgResendReq)
    expect(idOf({ _: 'mt_destroy_auth_key' })).toBe(ID.destroyAuthKey)
    // Bool is a built-in of the TL runtime, not in the schema: its reader knows the two ids
    expect(TlBinaryReader.manual(answerBody(true)).boolean()).toBe(true)
    expect(TlBinaryReader.manual(answerBody(false)).boolean()).toBe(false)
  })

  it('converts between bigint and Long both ways, negative values included', () => {
    for (const v of [0n, 1n, -1n, 424242n, (1n << 62n) + 5n, -(1n << 63n)]) {
      expect(longToBigInt(toLong(BigInt.asUintN(64, v)))).toBe(v)
    }
    expect(longToBigInt(Long.fromString('-5'))).toBe(-5n)
  })

  it('serializes handler answers and refuses what is not TL', () => {
    expect(Buffer.from(answerBody(true)).readUInt32LE(0)).toBe(ID.boolTrue)
    expect(Buffer.from(answerBody(false)).readUInt32LE(0)).toBe(ID.boolFalse)
    const raw = new Uint8Array([1, 2, 3, 4])
    expect(answerBody(raw)).toBe(raw)
    expect(() => answerBody(undefined)).toThrow(TypeError)
    expect(() => answerBody({ id: 1 })).toThrow(TypeError)
  })
})

describe('seededRandom', () => {
  it('repeats for a seed, differs between seeds, stays in [0,1)', () => {
    const a = seededRandom(42)
    const b = seededRandom(42)
    const c = seededRandom(43)
    const xs = Array.from({ length: 1000 }, () => a())
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs)
    expect(Array.from({ length: 1000 }, () => c())).not.toEqual(xs)
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true)
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length
    expect(mean).toBeGreaterThan(0.45)
    expect(mean).toBeLessThan(0.55)
  })
})

describe('counters', () => {
  it('tracks in-flight peaks per method and flood waits', () => {
    const c = newCounters()
    const t = new InFlightTracker(c)
    t.begin('a')
    t.begin('a')
    t.begin('b')
    t.end('a')
    t.begin('b')
    expect(c).toMatchObject({ inFlight: 3, peakInFlight: 3, peakInFlightByMethod: { a: 2, b: 2 }, calls: { a: 2, b: 2 } })
    countError(c, 'FLOOD_WAIT_5')
    countError(c, 'FLOOD_PREMIUM_WAIT_1')
    countError(c, 'FLOOD_TEST_PHONE_WAIT_1')
    expect(c.floodWaits).toBe(2)
    resetCounters(c)
    expect(c).toMatchObject({ inFlight: 3, peakInFlight: 3, calls: {}, errors: {}, floodWaits: 0 })
  })
})
