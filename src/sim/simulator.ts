// startSimulator: a loopback Telegram for demos, tests and benchmarks. One world, a main DC (2)
// and a media DC (4 by default) sharing one handler, fresh auth keys per run, and the session a
// client needs to reach them.
import { randomBytes } from 'node:crypto'
import { chmod, writeFile } from 'node:fs/promises'
import { startDcServer, type DcServer } from './mtproto/index.ts'
import { newCounters } from './mtproto/counters.ts'
import { createHandler, defaultKnobs, LOGIN_CODE, type DcInfo, type SimKnobs } from './handlers/index.ts'
import { createWorld } from './world/index.ts'
import type { World } from './world/types.ts'
import type { ServerCounters, SimSession, SimSessionFile } from './types.ts'

export const MAIN_DC = 2

export type { SimSession, SimSessionFile } from './types.ts'

export function withoutSelf(session: SimSession): SimSessionFile {
  const { self: _self, ...rest } = session
  return rest
}

export interface SimulatorOptions {
  seed?: number
  /** total messages over all chats when no world is given (default 10,000) */
  messages?: number
  world?: World
  knobs?: Partial<SimKnobs>
  host?: string
  log?: (line: string) => void
  /** every auth key starts signed out: clients must log in (phone + code, or QR) first */
  loggedOut?: boolean
  /** the account's 2FA password (checked with SRP at login) */
  password?: string
  /** QR login: the simulated phone scans a token this long after it was issued (default 1000) */
  qrScanDelayMs?: number
}

export interface Simulator {
  world: World
  knobs: SimKnobs
  dcs: DcInfo[]
  servers: DcServer[]
  /** auth key per DC (raw), for clients built in-process */
  authKeys: Map<number, Uint8Array>
  /** the session of this simulator's one device; `self` names the account even while logged out */
  session: SimSession
  /** the login code the simulated Telegram "sends" */
  loginCode: string
  /** counters summed over the DCs */
  counters(): ServerCounters
  resetCounters(): void
  close(): Promise<void>
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const seed = opts.seed ?? 1
  const knobs = defaultKnobs({ seed, ...opts.knobs })
  const world = opts.world ?? createWorld({ seed, messages: opts.messages ?? 10_000, mediaDc: knobs.mediaDc })
  const dcIds = [...new Set([MAIN_DC, knobs.mediaDc, world.mediaDc])]
  const authKeys = new Map(dcIds.map((id) => [id, new Uint8Array(randomBytes(256))]))
  const dcs: DcInfo[] = []
  // file bytes are counted by the shared handler, so they live apart from the per-DC counters
  const served = newCounters()
  const handler = createHandler(world, knobs, () => dcs, {
    loggedOut: opts.loggedOut, password: opts.password, qrScanDelayMs: opts.qrScanDelayMs,
  }, served)
  const servers: DcServer[] = []
  try {
    for (const id of dcIds) {
      const server = await startDcServer({
        dcId: id, authKeys: [authKeys.get(id)!], handler, host: opts.host,
        latencyMs: knobs.latencyMs[id] ? () => knobs.latencyMs[id]! : undefined,
        dropRate: knobs.dropRate, stallRate: knobs.stallRate, bytesPerSecond: knobs.bytesPerSecond,
        linkBytesPerSecond: knobs.linkBytesPerSecond, seed: seed + id, log: opts.log,
      })
      servers.push(server)
      dcs.push({ id, host: server.host, port: server.port })
    }
  } catch (e) {
    await Promise.all(servers.map((s) => s.close()))
    throw e
  }
  const self = world.self
  const session: SimSession = {
    kind: 'tobs-sim', mainDc: MAIN_DC, dcs: dcs.map((d) => ({ ...d })),
    authKeys: Object.fromEntries([...authKeys].map(([id, key]) => [id, Buffer.from(key).toString('hex')])),
    self: { id: self.id, firstName: self.firstName, ...(self.username ? { username: self.username } : {}) },
  }
  return {
    world, knobs, dcs, servers, authKeys, session, loginCode: LOGIN_CODE,
    counters: () => sumCounters([...servers.map((s) => s.counters), served]),
    resetCounters: () => {
      servers.forEach((s) => s.resetCounters())
      served.fileBytes = 0
    },
    close: async () => {
      await Promise.all(servers.map((s) => s.close()))
    },
  }
}

function addInto(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v
}

export function sumCounters(list: ServerCounters[]): ServerCounters {
  const sum: ServerCounters = {
    calls: {}, errors: {}, floodWaits: 0, inFlight: 0, peakInFlight: 0, peakInFlightByMethod: {},
    bytesSent: 0, bytesReceived: 0, connections: 0, droppedConnections: 0, fileBytes: 0, stalledConnections: 0,
  }
  for (const c of list) {
    addInto(sum.calls, c.calls)
    addInto(sum.errors, c.errors)
    sum.floodWaits += c.floodWaits
    sum.inFlight += c.inFlight
    // peaks of different DCs need not coincide: the sum bounds the true combined peak from above
    sum.peakInFlight += c.peakInFlight
    addInto(sum.peakInFlightByMethod, c.peakInFlightByMethod)
    sum.bytesSent += c.bytesSent
    sum.bytesReceived += c.bytesReceived
    sum.connections += c.connections
    sum.droppedConnections += c.droppedConnections
    sum.fileBytes += c.fileBytes
    sum.stalledConnections += c.stalledConnections
  }
  return sum
}

/** Writes the session JSON readable only by its owner (it holds auth keys). */
export async function writeSessionFile(path: string, session: SimSession | SimSessionFile): Promise<void> {
  await writeFile(path, `${JSON.stringify(session, null, 2)}\n`, { mode: 0o600 })
  await chmod(path, 0o600) // mode applies only when the file is created
}
