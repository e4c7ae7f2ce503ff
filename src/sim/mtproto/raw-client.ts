// A bare MTProto client for tests that need what mtcute never sends: abridged framing, hand-made containers,
// gzip_packed requests, undecodable constructors, unknown auth keys.
import { createHash, randomBytes } from 'node:crypto'
import { connect } from 'node:net'
import type { Socket } from 'node:net'
import { createAesIgeForMessage } from '@mtcute/core/utils.js'
import type { NodeCryptoProvider } from '@mtcute/node/utils.js'
import { cryptoProvider, makeAuthKey } from './crypto.ts'
import type { AuthKey } from './crypto.ts'
import { FrameReader, framePrefixLength, writeFramePrefix } from './framing.ts'
import type { TransportMode } from './framing.ts'

export interface RawMessage {
  msgId: bigint
  body: Buffer
}

const TAGS: Record<TransportMode, Buffer> = {
  abridged: Buffer.from([0xef]),
  intermediate: Buffer.from([0xee, 0xee, 0xee, 0xee]),
  padded: Buffer.from([0xdd, 0xdd, 0xdd, 0xdd]),
}

export class RawClient {
  readonly sessionId = randomBytes(8)
  private readonly reader = new FrameReader()
  private readonly inbox: RawMessage[] = []
  private waiters: (() => void)[] = []
  private lastMsgId = 0n
  closed = false

  private constructor(
    private readonly socket: Socket,
    private readonly crypto: NodeCryptoProvider,
    private readonly ak: AuthKey,
    private readonly mode: TransportMode,
  ) {
    this.reader.mode = mode
    socket.on('data', (chunk: Buffer) => this.onData(chunk))
    socket.on('close', () => {
      this.closed = true
      this.wake()
    })
    socket.on('error', () => {})
  }

  static async connect(port: number, key: Uint8Array, mode: TransportMode): Promise<RawClient> {
    const crypto = await cryptoProvider()
    const socket = connect(port, '127.0.0.1')
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject))
    socket.write(TAGS[mode])
    return new RawClient(socket, crypto, makeAuthKey(key), mode)
  }

  /** A fresh client msg_id (time-based, ≡ 0 mod 4). */
  nextMsgId(): bigint {
    let id = (BigInt(Date.now()) << 32n) / 1000n
    id -= id % 4n
    if (id <= this.lastMsgId) id = this.lastMsgId + 4n
    return (this.lastMsgId = id)
  }

  /** Encrypts and sends one message; returns its msg_id. */
  send(body: Uint8Array, msgId = this.nextMsgId()): bigint {
    const padding = 12 + ((16 - ((32 + body.length + 12) % 16)) % 16)
    const plain = Buffer.alloc(32 + body.length + padding)
    plain.writeBigUInt64LE(msgId, 16)
    this.sessionId.copy(plain, 8)
    plain.writeUInt32LE(1, 24)
    plain.writeUInt32LE(body.length, 28)
    plain.set(body, 32)
    const msgKey = createHash('sha256').update(this.ak.key.subarray(88, 120)).update(plain).digest().subarray(8, 24)
    const enc = createAesIgeForMessage(this.crypto, this.ak.key, msgKey, true).encrypt(plain)
    const size = 24 + enc.length
    const prefix = Buffer.alloc(framePrefixLength(this.mode, size))
    writeFramePrefix(this.mode, size, prefix)
    this.socket.write(Buffer.concat([prefix, this.ak.id, msgKey, enc]))
    return msgId
  }

  /** The next decrypted message from the server; rejects if the server closes or nothing comes in time. */
  async next(timeoutMs = 2000): Promise<RawMessage> {
    const deadline = Date.now() + timeoutMs
    while (this.inbox.length === 0) {
      if (this.closed) throw new Error('connection closed by server')
      const left = deadline - Date.now()
      if (left <= 0) throw new Error('timed out waiting for a server message')
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left)
        this.waiters.push(() => {
          clearTimeout(t)
          resolve()
        })
      })
    }
    return this.inbox.shift()!
  }

  /** Resolves when the server has closed the connection (or rejects after the timeout). */
  async closedByServer(timeoutMs = 2000): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('server kept the connection open')
      await new Promise((r) => setTimeout(r, 10))
    }
  }

  close(): void {
    this.socket.destroy()
  }

  private wake(): void {
    const w = this.waiters
    this.waiters = []
    for (const f of w) f()
  }

  private onData(chunk: Buffer): void {
    for (const frame of this.reader.push(chunk)) {
      const msgKey = frame.subarray(8, 24)
      let data = frame.subarray(24)
      data = data.subarray(0, data.length - (data.length % 16))
      const plain = Buffer.from(createAesIgeForMessage(this.crypto, this.ak.key, msgKey, false).decrypt(data))
      const expected = createHash('sha256').update(this.ak.key.subarray(96, 128)).update(plain).digest().subarray(8, 24)
      if (!expected.equals(msgKey)) throw new Error('server sent a bad msg_key')
      const len = plain.readUInt32LE(28)
      this.inbox.push({ msgId: plain.readBigUInt64LE(16), body: plain.subarray(32, 32 + len) })
    }
    this.wake()
  }
}
