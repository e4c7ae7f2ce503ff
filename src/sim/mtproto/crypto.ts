// MTProto 2.0 message encryption, server side: auth_key_id lookup, AES-IGE with msg_key (x=0 for what the
// client sends, x=8 for what the server sends), and the SHA-256 msg_key check.
import { createHash, randomFillSync } from 'node:crypto'
import { createAesIgeForMessage } from '@mtcute/core/utils.js'
import { NodeCryptoProvider } from '@mtcute/node/utils.js'
import { framePrefixLength, writeFramePrefix } from './framing.ts'
import type { TransportMode } from './framing.ts'

let providerPromise: Promise<NodeCryptoProvider> | undefined

/** mtcute's AES-IGE lives in WebAssembly that must be loaded once before first use. */
export function cryptoProvider(): Promise<NodeCryptoProvider> {
  providerPromise ??= (async () => {
    const p = new NodeCryptoProvider()
    await p.initialize()
    return p
  })()
  return providerPromise
}

export interface AuthKey {
  key: Uint8Array
  /** auth_key_id: low 64 bits of SHA-1(key), as it appears on the wire */
  id: Buffer
  idHex: string
}

export function makeAuthKey(key: Uint8Array): AuthKey {
  if (key.length !== 256) throw new Error(`auth key must be 256 bytes, got ${key.length}`)
  const id = createHash('sha1').update(key).digest().subarray(12, 20)
  return { key, id, idHex: id.toString('hex') }
}

/** Auth keys a DC accepts, found by the first 8 bytes of a packet. */
export class KeyRing {
  private readonly byId = new Map<bigint, AuthKey>()

  constructor(keys: Uint8Array[]) {
    for (const k of keys) {
      const ak = makeAuthKey(k)
      this.byId.set(ak.id.readBigUInt64LE(0), ak)
    }
  }

  find(packet: Buffer): AuthKey | undefined {
    return packet.length < 8 ? undefined : this.byId.get(packet.readBigUInt64LE(0))
  }
}

export interface ClientMessage {
  salt: Buffer
  sessionId: Buffer
  msgId: bigint
  seqNo: number
  body: Buffer
}

/** Decrypts a client packet (auth_key_id + msg_key + data). Returns a reason string when it must be dropped. */
export function decryptClientPacket(crypto: NodeCryptoProvider, ak: AuthKey, packet: Buffer): ClientMessage | string {
  if (packet.length < 24 + 48) return `packet too short (${packet.length} bytes)`
  const msgKey = packet.subarray(8, 24)
  let data = packet.subarray(24)
  // padded intermediate appends 0..15 random bytes after the ciphertext
  const extra = data.length % 16
  if (extra !== 0) data = data.subarray(0, data.length - extra)
  const plain = Buffer.from(createAesIgeForMessage(crypto, ak.key, msgKey, true).decrypt(data))
  const expected = createHash('sha256').update(ak.key.subarray(88, 120)).update(plain).digest().subarray(8, 24)
  if (!expected.equals(msgKey)) return 'msg_key mismatch'
  const length = plain.readUInt32LE(28)
  if (length > plain.length - 32 || length % 4 !== 0) return `bad message length ${length}`
  return {
    salt: plain.subarray(0, 8),
    sessionId: plain.subarray(8, 16),
    msgId: plain.readBigUInt64LE(16),
    seqNo: plain.readUInt32LE(24),
    body: plain.subarray(32, 32 + length),
  }
}

export interface ServerMessageHeader {
  salt: Uint8Array
  sessionId: Uint8Array
  msgId: bigint
  seqNo: number
}

/**
 * Builds one encrypted server message whose body is the concatenation of `parts`, framed for the transport.
 * One allocation for the plaintext, one for the frame (the cipher's output is the only other copy).
 */
export function sealServerFrame(
  crypto: NodeCryptoProvider,
  ak: AuthKey,
  mode: TransportMode,
  hdr: ServerMessageHeader,
  parts: readonly Uint8Array[],
): Buffer {
  let bodyLength = 0
  for (const p of parts) bodyLength += p.length
  const padding = 12 + ((16 - ((32 + bodyLength + 12) % 16)) % 16)
  const plain = Buffer.allocUnsafe(32 + bodyLength + padding)
  plain.set(hdr.salt, 0)
  plain.set(hdr.sessionId, 8)
  plain.writeBigUInt64LE(hdr.msgId, 16)
  plain.writeUInt32LE(hdr.seqNo, 24)
  plain.writeUInt32LE(bodyLength, 28)
  let pos = 32
  for (const p of parts) {
    plain.set(p, pos)
    pos += p.length
  }
  randomFillSync(plain, pos, padding)
  const msgKey = createHash('sha256').update(ak.key.subarray(96, 128)).update(plain).digest().subarray(8, 24)
  const encrypted = createAesIgeForMessage(crypto, ak.key, msgKey, false).encrypt(plain)
  const size = 24 + encrypted.length
  const prefixLength = framePrefixLength(mode, size)
  const frame = Buffer.allocUnsafe(prefixLength + size)
  writeFramePrefix(mode, size, frame)
  frame.set(ak.id, prefixLength)
  frame.set(msgKey, prefixLength + 8)
  frame.set(encrypted, prefixLength + 24)
  return frame
}
