// One client TCP connection: frames in, decrypt, unpack containers/gzip, answer service messages, run RPC
// calls concurrently through the handler, and send answers (encrypted, framed, paced) in completion order.
import { setTimeout as delay } from 'node:timers/promises'
import { unzipSync } from 'node:zlib'
import type { Socket } from 'node:net'
import { TlBinaryReader, __tlReaderMap } from '@mtcute/core/utils.js'
import type { NodeCryptoProvider } from '@mtcute/node/utils.js'
import { RpcError } from '../types.ts'
import type { CallContext, Handler, ServerCounters, TlRequest } from '../types.ts'
import { isMethodId, readTl } from '../tl-schema.ts'
import { countError } from './counters.ts'
import type { InFlightTracker } from './counters.ts'
import { decryptClientPacket, sealServerFrame } from './crypto.ts'
import type { AuthKey, KeyRing } from './crypto.ts'
import { FrameReader, FramingError } from './framing.ts'
import type { MsgIdGenerator } from './msg-id.ts'
import { PacedWriter, type SharedLink } from './paced-writer.ts'
import { MSG_STATE, answerService } from './service.ts'
import { ID, answerBody, rpcErrorBody, rpcResultHead } from './tl-out.ts'
import { unwrap } from './wrappers.ts'

export interface Knobs {
  latencyMs?: (method: string, ctx: CallContext) => number
  dropRate?: number
  /** share of answers withheld with the connection left open and silent from then on */
  stallRate?: number
  bytesPerSecond?: number
  /** cap on bytes/second over all connections of the DC: the account's share of the link */
  link?: SharedLink
}

/** What every connection of one DC server shares. */
export interface ConnectionEnv {
  dcId: number
  keys: KeyRing
  crypto: NodeCryptoProvider
  handler: Handler
  counters: ServerCounters
  inFlight: InFlightTracker
  msgIds: MsgIdGenerator
  /** the live knobs (DcServer.setKnobs changes them) */
  knobs: Knobs
  /** true when this answer should be replaced by dropping the connection */
  shouldDrop: () => boolean
  /** true when this answer should be withheld and the connection go silent (it stays open) */
  shouldStall: () => boolean
  log: (line: string) => void
  /** aborted when the server closes */
  signal: AbortSignal
}

interface Session {
  ak: AuthKey
  salt: Buffer
  sessionId: Buffer
}

/** How many answered msg_ids are remembered for msgs_state_req. */
const ANSWERED_MEMORY = 1024

export class Connection {
  private readonly reader = new FrameReader()
  private readonly out: PacedWriter
  private seq = 0
  private closed = false
  /** a stalled connection reads and ignores everything: a peer that stopped answering */
  private stalled = false
  private readonly running = new Set<bigint>()
  private readonly answered = new Set<bigint>()

  constructor(
    readonly id: number,
    private readonly socket: Socket,
    private readonly env: ConnectionEnv,
  ) {
    this.out = new PacedWriter(socket, env.counters, env.knobs)
    socket.setNoDelay(true)
    socket.on('data', (chunk: Buffer) => this.onData(chunk))
    socket.on('close', () => this.close())
    socket.on('error', (e) => env.log(`[dc${env.dcId} #${id}] socket error: ${e.message}`))
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    this.out.close()
    this.socket.destroy()
  }

  /** For msgs_state_req: what happened to a client message. */
  state(msgId: bigint): number {
    if (this.running.has(msgId)) return MSG_STATE.received | MSG_STATE.acked | MSG_STATE.processing
    if (this.answered.has(msgId)) return MSG_STATE.received | MSG_STATE.acked | MSG_STATE.answered
    return MSG_STATE.unknown
  }

  private fail(reason: string): void {
    this.env.log(`[dc${this.env.dcId} #${this.id}] closing connection: ${reason}`)
    this.close()
  }

  private onData(chunk: Buffer): void {
    this.env.counters.bytesReceived += chunk.length
    if (this.stalled) return
    let frames: Buffer[]
    try {
      frames = this.reader.push(chunk)
    } catch (e) {
      if (e instanceof FramingError) return this.fail(e.message)
      throw e
    }
    for (const frame of frames) {
      if (this.closed) return
      if (frame.length === 4) continue // a transport error code; clients do not send these
      const ak = this.env.keys.find(frame)
      if (!ak) {
        const keyId = frame.subarray(0, 8).toString('hex')
        return this.fail(`unknown auth_key_id ${keyId} (keys are pre-shared; DH handshake is not simulated)`)
      }
      const msg = decryptClientPacket(this.env.crypto, ak, frame)
      if (typeof msg === 'string') return this.fail(msg)
      try {
        this.handleMessage({ ak, salt: msg.salt, sessionId: msg.sessionId }, msg.msgId, msg.body)
      } catch (e) {
        // malformed container or gzip: the client is broken, not the server
        return this.fail(`malformed message: ${(e as Error).message}`)
      }
    }
  }

  private handleMessage(session: Session, msgId: bigint, body: Buffer): void {
    if (body.length < 4) return
    const id = body.readUInt32LE(0)
    if (id === ID.msgContainer) {
      // msg_container#73f1f8dc messages:vector<%Message>; message msg_id:long seqno:int bytes:int body
      const count = body.readUInt32LE(4)
      let pos = 8
      for (let i = 0; i < count && pos + 16 <= body.length; i++) {
        const innerId = body.readBigUInt64LE(pos)
        const len = body.readUInt32LE(pos + 12)
        this.handleMessage(session, innerId, body.subarray(pos + 16, pos + 16 + len))
        pos += 16 + len
      }
      return
    }
    if (id === ID.gzipPacked) {
      const packed = new TlBinaryReader(undefined, body, 4).bytes()
      return this.handleMessage(session, msgId, unzipSync(packed))
    }
    const service = answerService(id, msgId, body, session.salt, this)
    if (service === null) return
    if (service !== undefined) return this.send(session, service)
    this.startCall(session, msgId, body, id)
  }

  private startCall(session: Session, msgId: bigint, body: Buffer, id: number): void {
    let req: TlRequest
    try {
      if (!isMethodId(id)) throw new Error(`constructor 0x${id.toString(16)} is not a method`)
      req = readTl(new TlBinaryReader(__tlReaderMap, body)) as TlRequest
    } catch (e) {
      this.env.log(`[dc${this.env.dcId} #${this.id}] undecodable request 0x${id.toString(16)}: ${(e as Error).message}`)
      countError(this.env.counters, 'INPUT_CONSTRUCTOR_INVALID')
      return this.send(session, [rpcResultHead(msgId), rpcErrorBody(400, 'INPUT_CONSTRUCTOR_INVALID')])
    }
    this.running.add(msgId)
    // call() answers every failure itself; this catch only guards against a bug turning into an
    // unhandled rejection that would take the whole process (and every simulated DC) down
    this.call(session, msgId, req).catch((e: unknown) => this.fail(`bug answering a call: ${(e as Error)?.stack ?? e}`))
  }

  private async call(session: Session, msgId: bigint, req: TlRequest): Promise<void> {
    const { env } = this
    const ctx: CallContext = { dcId: env.dcId, authKeyId: session.ak.idHex, connectionId: this.id, wrappers: [] }
    let inner: TlRequest
    try {
      inner = unwrap(req, ctx)
    } catch (e) {
      // a wrapper with a malformed field (e.g. takeout_id); the decoder accepted it, so this is a server bug
      this.running.delete(msgId)
      return this.send(session, [rpcResultHead(msgId), this.errorBody(e, req._)])
    }
    const method = inner._
    env.inFlight.begin(method)
    let result: Uint8Array
    try {
      const latency = env.knobs.latencyMs?.(method, ctx) ?? 0
      if (latency > 0) await delay(latency, undefined, { signal: env.signal })
      result = answerBody(await env.handler(inner, ctx))
    } catch (e) {
      if (env.signal.aborted) return
      result = this.errorBody(e, method)
    } finally {
      env.inFlight.end(method)
      this.running.delete(msgId)
    }
    if (this.closed || this.stalled) return
    this.remember(msgId)
    if (env.shouldStall()) {
      env.counters.stalledConnections++
      this.stalled = true
      return this.env.log(`[dc${this.env.dcId} #${this.id}] withholding the answer to ${method} and every later one (stallRate)`)
    }
    if (env.shouldDrop()) {
      env.counters.droppedConnections++
      return this.fail(`dropping instead of answering ${method} (dropRate)`)
    }
    this.send(session, [rpcResultHead(msgId), result])
  }

  private errorBody(e: unknown, method: string): Uint8Array {
    if (e instanceof RpcError) {
      countError(this.env.counters, e.message)
      return rpcErrorBody(e.code, e.message)
    }
    this.env.log(`[dc${this.env.dcId} #${this.id}] ${method} failed: ${(e as Error)?.stack ?? String(e)}`)
    countError(this.env.counters, 'INTERNAL_SERVER_ERROR')
    return rpcErrorBody(500, 'INTERNAL_SERVER_ERROR')
  }

  private remember(msgId: bigint): void {
    this.answered.add(msgId)
    if (this.answered.size > ANSWERED_MEMORY) this.answered.delete(this.answered.values().next().value!)
  }

  private send(session: Session, parts: readonly Uint8Array[]): void {
    if (this.closed) return
    const mode = this.reader.mode ?? 'intermediate'
    const hdr = { salt: session.salt, sessionId: session.sessionId, msgId: this.env.msgIds.next(), seqNo: this.seq++ * 2 + 1 }
    this.out.write(sealServerFrame(this.env.crypto, session.ak, mode, hdr, parts))
  }
}
