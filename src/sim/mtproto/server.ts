// startDcServer: one simulated Telegram data center, an MTProto 2.0 server on loopback TCP.
import { setMaxListeners } from 'node:events'
import { createServer } from 'node:net'
import type { AddressInfo, Socket } from 'node:net'
import type { CallContext, Handler, ServerCounters } from '../types.ts'
import { Connection } from './connection.ts'
import { SharedLink } from './paced-writer.ts'
import type { Knobs } from './connection.ts'
import { InFlightTracker, newCounters, resetCounters } from './counters.ts'
import { KeyRing, cryptoProvider } from './crypto.ts'
import { MsgIdGenerator } from './msg-id.ts'
import { seededRandom } from './prng.ts'

export interface DcServerOptions {
  dcId: number
  /** 256-byte auth keys this DC accepts (one per simulated account); pre-shared, no DH handshake */
  authKeys: Uint8Array[]
  handler: Handler
  host?: string
  port?: number
  /** added before answering, per call (simulated round trip; ms) */
  latencyMs?: (method: string, ctx: CallContext) => number
  /** probability per answered RPC that the server drops the TCP connection instead of answering (0..1) */
  dropRate?: number
  /** probability per answered RPC that the answer is withheld and the connection goes silent, open (0..1) */
  stallRate?: number
  /** cap on bytes/second sent per connection (simulates bandwidth for file parts); undefined = unlimited */
  bytesPerSecond?: number
  /** cap on bytes/second over all connections of this DC (the account's share of the link); undefined = unlimited */
  linkBytesPerSecond?: number
  /** seed for the deterministic PRNG behind dropRate */
  seed?: number
  log?: (line: string) => void
}

export interface DcServer {
  dcId: number
  host: string
  port: number
  counters: ServerCounters
  resetCounters(): void
  /** changes latency, drop rate or bandwidth while running (open connections included) */
  setKnobs(knobs: Partial<Knobs>): void
  close(): Promise<void>
}

export async function startDcServer(opts: DcServerOptions): Promise<DcServer> {
  const host = opts.host ?? '127.0.0.1'
  const counters = newCounters()
  const random = seededRandom(opts.seed ?? opts.dcId)
  const knobs: Knobs = {
    latencyMs: opts.latencyMs, dropRate: opts.dropRate, stallRate: opts.stallRate, bytesPerSecond: opts.bytesPerSecond,
    link: opts.linkBytesPerSecond ? new SharedLink(opts.linkBytesPerSecond) : undefined,
  }
  const abort = new AbortController()
  // every call waiting out its latency listens for the server's close: dozens at once, not a leak
  setMaxListeners(0, abort.signal)
  const env = {
    dcId: opts.dcId,
    keys: new KeyRing(opts.authKeys),
    crypto: await cryptoProvider(),
    handler: opts.handler,
    counters,
    inFlight: new InFlightTracker(counters),
    msgIds: new MsgIdGenerator(),
    knobs,
    // the PRNG is drawn only when dropping is possible, so dropRate=0 leaves the sequence untouched
    shouldDrop: () => (knobs.dropRate ?? 0) > 0 && random() < knobs.dropRate!,
    shouldStall: () => (knobs.stallRate ?? 0) > 0 && random() < knobs.stallRate!,
    log: opts.log ?? (() => {}),
    signal: abort.signal,
  }
  const connections = new Set<Connection>()
  let nextId = 1

  const server = createServer((socket: Socket) => {
    counters.connections++
    const conn = new Connection(nextId++, socket, env)
    connections.add(conn)
    socket.on('close', () => connections.delete(conn))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  server.on('error', (e) => env.log(`[dc${opts.dcId}] server error: ${e.message}`))

  return {
    dcId: opts.dcId,
    host,
    port: (server.address() as AddressInfo).port,
    counters,
    resetCounters: () => resetCounters(counters),
    setKnobs: (k) => Object.assign(knobs, k),
    close: async () => {
      abort.abort()
      for (const c of connections) c.close()
      connections.clear()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
