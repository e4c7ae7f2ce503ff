// Wire pieces of MTProto the server writes or recognises by constructor id (checked against mtcute's writer map
// in tl-out.test.ts), and the serialization of handler answers.
import Long from 'long'
import { TlBinaryWriter, __tlWriterMap } from '@mtcute/core/utils.js'

export const ID = {
  msgContainer: 0x73f1f8dc,
  gzipPacked: 0x3072cfa1,
  rpcResult: 0xf35c6d01,
  ping: 0x7abe77ec,
  pingDelayDisconnect: 0xf3427b8c,
  getFutureSalts: 0xb921bd04,
  destroySession: 0xe7512126,
  destroyAuthKey: 0xd1435160,
  msgsStateReq: 0xda69fb52,
  rpcDropAnswer: 0x58e4a740,
  msgsAck: 0x62d6b459,
  httpWait: 0x9299359f,
  msgResendReq: 0x7d861a08,
  boolTrue: 0x997275b5,
  boolFalse: 0xbc799737,
} as const

export function toLong(v: bigint): Long {
  return Long.fromBits(Number(v & 0xffffffffn), Number((v >> 32n) & 0xffffffffn))
}

export function longToBigInt(v: Long): bigint {
  return BigInt.asIntN(64, (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0))
}

export function serializeTl(obj: { _: string }): Uint8Array {
  return TlBinaryWriter.serializeObject(__tlWriterMap, obj)
}

/** rpc_result#f35c6d01 req_msg_id:long — the 12 bytes before the result object. */
export function rpcResultHead(reqMsgId: bigint): Buffer {
  const b = Buffer.allocUnsafe(12)
  b.writeUInt32LE(ID.rpcResult, 0)
  b.writeBigUInt64LE(reqMsgId, 4)
  return b
}

export function rpcErrorBody(code: number, message: string): Uint8Array {
  return serializeTl({ _: 'mt_rpc_error', errorCode: code, errorMessage: message } as { _: string })
}

const BOOL_TRUE = new Uint8Array(new Uint32Array([ID.boolTrue]).buffer)
const BOOL_FALSE = new Uint8Array(new Uint32Array([ID.boolFalse]).buffer)

/**
 * The serialized result object of a handler's answer: boolean → boolTrue/boolFalse, Uint8Array → as is
 * (an already-serialized body, for speed), TL object → mtcute's writer. Throws for anything else, or when
 * the object lacks a required field (mtcute's writer throws deep inside; build answers with tlStub).
 */
export function answerBody(result: unknown): Uint8Array {
  if (typeof result === 'boolean') return result ? BOOL_TRUE : BOOL_FALSE
  if (result instanceof Uint8Array) return result
  if (result !== null && typeof result === 'object' && typeof (result as { _?: unknown })._ === 'string') {
    return serializeTl(result as { _: string })
  }
  throw new TypeError(`handler answered ${result === null ? 'null' : typeof result}, not a TL object, boolean or bytes`)
}
