// Builds the mtcute client: for a real account from its stored session, or for the loopback
// simulator from a sim session (pre-shared auth keys, no login). The only place a client is made.
import { chmodSync, existsSync, readFileSync } from 'node:fs'
import { tl } from '@mtcute/core'
import { BaseTelegramClient, MemoryStorage, SqliteStorage, TelegramClient, networkMiddlewares, type BaseTelegramClientOptions } from '@mtcute/node'
import type { SimSessionFile } from '../model/sim-session.ts'
import { requestTimeout } from './request-timeout.ts'
import { StreamingTcpTransport } from './frame-codec.ts'

/** What `tobs sim serve` writes: where the simulated DCs listen and the keys they accept (no user until a login). */
/**
 * mtcute's default exit hook closes the storage on SIGINT/SIGTERM and then raises the signal again:
 * downloads still running met a destroyed client (a stack trace) and tobs's own handler saw a second
 * Ctrl-C. tobs stops its work and closes its clients itself (issue 14).
 */
const NO_EXIT_HOOK = { cleanup: false }

export type SimSession = SimSessionFile

/** The connected client, as the layers above telegram/ hold it (they pass it back in, never call it). */
export type Client = TelegramClient

export type SessionSource =
  | { kind: 'sim'; session: SimSession }
  /** mtcute's SQLite session file of a logged-in account */
  | { kind: 'account'; path: string; apiId: number; apiHash: string }

export interface ClientHooks {
  /** called before the library sleeps on a FLOOD_WAIT it handles itself */
  onFloodWait?: (method: string, seconds: number) => void
  /** the longest FLOOD_WAIT the library may sleep through; longer ones surface as errors */
  maxFloodWaitMs?: number
  /** download connections per DC (default DOWNLOAD_CONNECTIONS) */
  downloadConnections?: number
}

/**
 * Download connections per DC. mtcute opens 2 for an account without Premium, and a connection
 * carries one part at a time at Telegram's per-connection speed: measured against the simulator's
 * link model (issue 11), 2 connections reach ~40 % of an 8 MB/s account cap, 8 fill it.
 */
export const DOWNLOAD_CONNECTIONS = 8

/**
 * File bytes requested and not yet answered, per DC. mtcute's own throttle allows 2 MiB for an
 * account without Premium (TDLib's figure): two 1 MiB parts in flight, which over a 95 ms round trip
 * and 1.5 MB/s connections moved 4.2 MB/s of an 8 MB/s link whatever the number of connections or
 * files (measured, issue 11). media/ keeps its own budget (16 MiB, whose wait does not count as a
 * stall); this one only stands behind it.
 */
export const DOWNLOAD_BYTES_IN_FLIGHT = 32 * 2 ** 20

function downloadBytesInFlight(kind: string): number {
  return kind === 'upload' ? 4 * 2 ** 20 : DOWNLOAD_BYTES_IN_FLIGHT
}

function connectionCount(downloads: number) {
  return (kind: 'main' | 'upload' | 'download' | 'downloadSmall', dcId: number, isPremium: boolean): number => {
    switch (kind) {
      case 'main': return 0
      case 'upload': return isPremium || (dcId !== 2 && dcId !== 4) ? 8 : 4
      case 'download': return downloads
      case 'downloadSmall': return 2
    }
  }
}

/** A clear, one-line failure to reach an account (missing or broken session, unreachable server). */
export class SessionError extends Error {}

export function isSimSession(v: unknown): v is SimSession {
  return typeof v === 'object' && v !== null && (v as SimSession).kind === 'tobs-sim'
}

/** Reads a session file: a sim session (JSON) or an account session (mtcute SQLite). */
export function sessionFromFile(path: string, creds?: { apiId?: number; apiHash?: string }): SessionSource {
  if (!existsSync(path)) throw new SessionError(`session file ${path} does not exist; run \`tobs login\` first`)
  const head = readFileSync(path).subarray(0, 16).toString('latin1')
  if (head.startsWith('SQLite format 3')) {
    if (!creds?.apiId || !creds.apiHash) {
      throw new SessionError('API_ID and API_HASH are required for an account session (env, .env or config file)')
    }
    return { kind: 'account', path, apiId: creds.apiId, apiHash: creds.apiHash }
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'))
  } catch {
    throw new SessionError(`session file ${path} is neither a tobs sim session nor an mtcute session`)
  }
  if (!isSimSession(parsed)) throw new SessionError(`session file ${path} is not a tobs session`)
  return { kind: 'sim', session: parsed }
}

export async function createClient(source: SessionSource, hooks: ClientHooks = {}): Promise<TelegramClient> {
  // networkMiddlewares.basic() with the media throttle set deliberately (issue 11)
  const middlewares = [
    networkMiddlewares.mediaThrottle({ getResourceLimit: downloadBytesInFlight }),
    networkMiddlewares.floodWaiter({
      maxWait: hooks.maxFloodWaitMs ?? 60_000,
      // Stored waits are keyed by the outer wrapper under takeout, so one FLOOD_WAIT on getHistory
      // would stall every takeout call: keep waits per call instead (sketch README).
      store: false,
      onBeforeWait: (ctx, seconds) => hooks.onFloodWait?.(ctx.request._, seconds),
    }),
    networkMiddlewares.internalErrorsHandler({ maxRetries: 5, waitTime: 1 }),
  ]
  // innermost, so each try of a request (after flood waits and INTERNAL retries) has its own deadline
  middlewares.push(requestTimeout())
  if (source.kind === 'account') {
    const storage = new SqliteStorage(source.path)
    return makeClient({
      apiId: source.apiId, apiHash: source.apiHash, storage, logLevel: 1, transport: new StreamingTcpTransport(),
      network: { middlewares, connectionCount: connectionCount(hooks.downloadConnections ?? DOWNLOAD_CONNECTIONS) },
      storageOptions: NO_EXIT_HOOK,
    })
  }
  return createSimClient(source.session, middlewares, hooks.downloadConnections ?? DOWNLOAD_CONNECTIONS)
}

async function createSimClient(s: SimSession, middlewares: unknown[], downloads: number): Promise<TelegramClient> {
  const main = s.dcs.find((d) => d.id === s.mainDc)
  if (!main) throw new SessionError(`sim session names main DC ${s.mainDc} but lists no address for it`)
  const dc = { id: main.id, ipAddress: main.host, port: main.port }
  const storage = new MemoryStorage()
  const tg = makeClient({
    apiId: 1, apiHash: 'sim', storage, logLevel: 0, transport: new StreamingTcpTransport(),
    defaultDcs: { main: dc, media: dc }, storageOptions: NO_EXIT_HOOK,
    network: { floodControl: false, middlewares: middlewares as never, connectionCount: connectionCount(downloads) },
  })
  await tg.importSession({
    primaryDcs: { main: dc, media: dc },
    self: s.self ? { userId: s.self.id, isBot: false, isPremium: false, usernames: s.self.username ? [s.self.username] : [] } : null,
    authKey: hex(s.authKeys[s.mainDc]!),
  }, true)
  // importSession keeps only the main DC's key; the simulator pre-shares a key for every DC.
  for (const [id, key] of Object.entries(s.authKeys)) await storage.authKeys.set(Number(id), hex(key))
  return tg
}

/** Each client's base client, for calls that skip the high-level layer (uncachedCall). */
const bases = new WeakMap<TelegramClient, BaseTelegramClient>()

/** A client without updates (tobs reads history; it never listens), its base client kept aside. */
function makeClient(opts: BaseTelegramClientOptions): TelegramClient {
  const base = new BaseTelegramClient({ ...opts, updates: false })
  const tg = new TelegramClient({ client: base, disableUpdates: true })
  bases.set(tg, base)
  return tg
}

export type CallParams = Parameters<TelegramClient['call']>[1]

/**
 * A raw call that skips mtcute's peer cache. `client.call` stores every user and chat of every
 * answer in the session storage (each one re-serialised to TL, put in an LRU and queued for a
 * write), which history pages do not need: tobs keeps the access hashes it uses itself (InputPeers),
 * and a page repeats the same senders again and again. Measured on the fast fetch floor: ~2.5 µs of
 * ~25 a message (issue 10). Calls that resolve chats keep `client.call`. A client not made here falls
 * back to `client.call`.
 */
export function uncachedCall(client: TelegramClient): <T extends tl.RpcMethod>(request: T, params?: CallParams) => Promise<tl.RpcCallReturn[T['_']]> {
  const base = bases.get(client)
  if (!base) return (request, params) => client.call(request, params)
  return async (request, params) => {
    // client.call connects on first use; so does this
    if (!base.isConnected) await base.connect()
    const res = await base.mt.call(request, params) as tl.RpcCallReturn[typeof request['_']] | { _: 'mt_rpc_error'; errorCode: number; errorMessage: string }
    if (isRpcError(res)) throw tl.RpcError.fromTl(res)
    return res
  }
}

function isRpcError(res: unknown): res is { _: 'mt_rpc_error'; errorCode: number; errorMessage: string } {
  return typeof res === 'object' && res !== null && (res as { _?: unknown })._ === 'mt_rpc_error'
}

function hex(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, 'hex'))
}

/** Session files hold account keys: readable by the user alone. */
export function protectFile(path: string): void {
  if (existsSync(path)) chmodSync(path, 0o600)
}
