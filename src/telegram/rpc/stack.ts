// The one place network policy is composed (issue 10). Every call tobs makes through an Rpc goes
// down this chain; mtcute's own flood sleeping and internal-error retries are switched off for
// these calls, so each policy lives in exactly one layer:
//   plain calls:   flood wait -> retries -> metering -> takeout -> mtcute
//   history pages: adaptive rate -> retries -> metering -> takeout -> mtcute (without its peer cache)
// (downloads go through mtcute's file methods and keep its own policy, client.ts.)
import type { RateController } from '../../runtime/rate-controller.ts'
import { uncachedCall, type Client } from '../client.ts'
import { rawHistoryCall } from '../lean/raw-history.ts'
import type { Rpc } from '../rpc.ts'
import { adaptiveRate } from './adaptive-rate.ts'
import { composeRpc } from './compose.ts'
import { floodWait } from './flood-wait.ts'
import { metering } from './metering.ts'
import { retries } from './retries.ts'
import { inTakeout } from './takeout.ts'

export interface RpcStackOptions {
  /** the takeout session calls are sent in, when one is open */
  takeoutId?: { toString(): string } & object
  /** paces history pages; without it they go as plain calls */
  control?: RateController
  onRequest?: (method: string) => void
  onFloodWait?: (method: string, seconds: number) => void
  /** the longest FLOOD_WAIT a plain call sleeps through (default 60 s) */
  maxFloodWaitSeconds?: number
  signal?: AbortSignal
}

export interface RpcStack {
  /** resolving, dialogs, topics, counts: sleeps through flood waits */
  rpc: Rpc
  /** history pages: paced by the rate controller */
  historyRpc: Rpc
}

/** mtcute's own flood sleeping and retries are off: this chain owns them */
const NO_POLICY = { floodSleepThreshold: 0, maxRetryCount: 0 }

/** Internal errors are retried a few times, a second apart, as mtcute did before this chain. */
const RETRIES = { retries: 5, pauseMs: 1000 }

export function rpcStack(client: Client, o: RpcStackOptions = {}): RpcStack {
  const base: Rpc = (req) => client.call(req, NO_POLICY) as never
  // history pages skip mtcute's peer cache (client.ts): their users and chats go to tobs's InputPeers;
  // their answers come back as TL bytes that history.ts reads into Messages itself (lean/raw-history.ts)
  const uncached = uncachedCall(client)
  const pages: Rpc = (req) => uncached(rawHistoryCall(req), NO_POLICY) as never
  const below = [
    retries({ ...RETRIES, signal: o.signal }),
    o.onRequest && metering(o.onRequest),
    o.takeoutId === undefined ? undefined : inTakeout(o.takeoutId),
  ]
  const rpc = composeRpc(base,
    floodWait({ maxSeconds: o.maxFloodWaitSeconds ?? 60, onFloodWait: o.onFloodWait, signal: o.signal }), ...below)
  const historyRpc = o.control
    ? composeRpc(pages, adaptiveRate(o.control, { onFloodWait: o.onFloodWait, signal: o.signal }), ...below)
    : rpc
  return { rpc, historyRpc }
}
