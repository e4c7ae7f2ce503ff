// A real mtcute TelegramClient wired to simulated DCs, for tests and benchmarks of every part of tobs.
//
// mtcute facts (0.30.3) this relies on:
// - Auth keys seeded with `storage.authKeys.set(dcId, key)` before the first call skip the DH handshake.
// - `defaultDcs` only names the primary (main/media) DC. mtcute learns every other DC from
//   help.getConfig's `dcOptions` when it first needs one (FILE_MIGRATE_N, a document's dc_id), so the
//   world's handler must answer help.getConfig, e.g. with `configFor(servers, ctx.dcId)`.
// - "Logged in" is the self user in `client.storage.self` (CurrentUserService, kept in the KV store as
//   `current_user`). `client.notifyLoggedIn(user)` is what mtcute itself calls after sign-in: it stores the
//   self user (storeFrom), sets the premium flag on the network manager and the log prefix. Given a bare
//   `user` (not auth.authorization) it makes no network call. A session string made by
//   writeStringSession({ self, ... }) + importSession would do the same, but deletes all auth keys
//   except the main DC's, which is wrong for a multi-DC simulation.
import { MemoryStorage, TelegramClient } from '@mtcute/node'
import type { TelegramClientOptions } from '@mtcute/node'
import { tlStub } from '../tl-schema.ts'
import type { DcServer } from './server.ts'

export interface TestClientOptions {
  /** extra/overriding TelegramClient options (e.g. a transport, floodSleepThreshold, logLevel) */
  client?: Partial<TelegramClientOptions>
  /** when set, the client is marked as logged in as this user (see seedSelf) */
  self?: { id: number; firstName?: string; username?: string; premium?: boolean }
}

export async function connectTestClient(
  servers: DcServer[],
  keys: Map<number, Uint8Array>,
  mainDc: number,
  opts: TestClientOptions = {},
): Promise<TelegramClient> {
  const main = servers.find((s) => s.dcId === mainDc)
  if (!main) throw new Error(`no simulated server for main DC ${mainDc}`)
  const storage = new MemoryStorage()
  for (const [dc, key] of keys) await storage.authKeys.set(dc, key)
  const dc = { id: main.dcId, ipAddress: main.host, port: main.port }
  const client = new TelegramClient({
    apiId: 1,
    apiHash: 'simulated',
    storage,
    defaultDcs: { main: dc, media: dc },
    disableUpdates: true,
    logLevel: 0,
    network: { floodControl: false },
    ...opts.client,
  })
  if (opts.self) await seedSelf(client, opts.self)
  return client
}

/** Marks the client as logged in as `user` without any request (see the header comment). */
export async function seedSelf(
  client: TelegramClient,
  user: { id: number; firstName?: string; username?: string; premium?: boolean },
): Promise<void> {
  await client.prepare()
  await client.notifyLoggedIn(
    tlStub('user', {
      id: user.id,
      self: true,
      firstName: user.firstName ?? 'Me',
      username: user.username,
      premium: user.premium ?? false,
    }),
  )
}

/** A `config` answer for help.getConfig listing every simulated DC, as seen from DC `thisDc`. */
export function configFor(servers: readonly DcServer[], thisDc: number): unknown {
  const now = Math.floor(Date.now() / 1000)
  return tlStub('config', {
    date: now,
    expires: now + 3600,
    testMode: false,
    thisDc,
    dcOptions: servers.map((s) => tlStub('dcOption', { id: s.dcId, ipAddress: s.host, port: s.port })),
    chatSizeMax: 200,
    megagroupSizeMax: 200000,
    forwardedCountMax: 100,
    onlineUpdatePeriodMs: 120000,
    offlineBlurTimeoutMs: 5000,
    offlineIdleTimeoutMs: 30000,
    onlineCloudTimeoutMs: 300000,
    notifyCloudDelayMs: 30000,
    notifyDefaultDelayMs: 1500,
    pushChatPeriodMs: 60000,
    pushChatLimit: 2,
    editTimeLimit: 172800,
    revokeTimeLimit: 2147483647,
    revokePmTimeLimit: 2147483647,
    ratingEDecay: 2419200,
    stickersRecentLimit: 200,
    channelsReadMediaPeriod: 604800,
    callReceiveTimeoutMs: 20000,
    callRingTimeoutMs: 90000,
    callConnectTimeoutMs: 30000,
    callPacketTimeoutMs: 10000,
    meUrlPrefix: 'https://t.me/',
    captionLengthMax: 1024,
    messageLengthMax: 4096,
    webfileDcId: servers[0]?.dcId ?? thisDc,
  })
}
