// MTProto service messages the client sends outside RPC calls, and the bare answers Telegram gives them.
import Long from 'long'
import { ID, rpcResultHead, serializeTl, toLong } from './tl-out.ts'

/** What the connection knows about a client msg_id, for msgs_state_req. */
export interface MsgStateSource {
  state(msgId: bigint): number
}

/** msgs_state_info codes (core.telegram.org/mtproto/service_messages_about_messages) */
export const MSG_STATE = { unknown: 1, received: 4, acked: 8, answered: 64, processing: 32 } as const

const SALT_LIFETIME_S = 3600

/**
 * Answers one service message. Returns the reply's body parts, `null` when the message needs no reply,
 * or `undefined` when `id` is not a service message (so the caller decodes it as an RPC call).
 */
export function answerService(
  id: number,
  msgId: bigint,
  body: Buffer,
  salt: Buffer,
  states: MsgStateSource,
): Uint8Array[] | null | undefined {
  switch (id) {
    case ID.msgsAck:
    case ID.httpWait: // only meaningful over HTTP transports
    case ID.msgResendReq: // answers are never lost in transit on loopback
      return null
    case ID.ping:
    case ID.pingDelayDisconnect: {
      // pong#347773c5 msg_id:long ping_id:long, sent bare like Telegram does
      const pong = Buffer.allocUnsafe(20)
      pong.writeUInt32LE(0x347773c5, 0)
      pong.writeBigUInt64LE(msgId, 4)
      body.copy(pong, 12, 4, 12)
      return [pong]
    }
    case ID.getFutureSalts: {
      // future_salts#ae500895 req_msg_id:long now:int salts:vector<future_salt> (bare vector of bare
      // future_salt valid_since:int valid_until:int salt:long). Written by hand: mtcute 0.30.3's generated
      // writer for this bare vector passes its arguments in the wrong order and throws.
      const num = Math.min(64, Math.max(1, body.readInt32LE(4)))
      const now = Math.floor(Date.now() / 1000)
      const out = Buffer.allocUnsafe(20 + num * 16)
      out.writeUInt32LE(0xae500895, 0)
      out.writeBigUInt64LE(msgId, 4)
      out.writeInt32LE(now, 12)
      out.writeUInt32LE(num, 16)
      for (let i = 0; i < num; i++) {
        const at = 20 + i * 16
        // any salt is accepted, so the current one is announced as valid far ahead
        out.writeInt32LE(now + i * SALT_LIFETIME_S - 60, at)
        out.writeInt32LE(now + (i + 1) * SALT_LIFETIME_S, at + 4)
        salt.copy(out, at + 8, 0, 8)
      }
      return [out]
    }
    case ID.destroySession:
      return [serializeTl({ _: 'mt_destroy_session_ok', sessionId: Long.fromBytesLE(Array.from(body.subarray(4, 12))) } as { _: string })]
    case ID.destroyAuthKey:
      // pre-shared keys cannot be destroyed: the simulated accounts would lose their authorization
      return [serializeTl({ _: 'mt_destroy_auth_key_fail' })]
    case ID.msgsStateReq: {
      // msgs_state_req msg_ids:Vector<long>
      const count = body.readUInt32LE(8)
      const info = new Uint8Array(count)
      for (let i = 0; i < count; i++) info[i] = states.state(body.readBigUInt64LE(12 + i * 8))
      return [serializeTl({ _: 'mt_msgs_state_info', reqMsgId: toLong(msgId), info } as { _: string })]
    }
    case ID.rpcDropAnswer:
      // answered as unknown: the handler keeps running and its late answer is ignored by the client
      return [rpcResultHead(msgId), serializeTl({ _: 'mt_rpc_answer_unknown' })]
    default:
      return undefined
  }
}
