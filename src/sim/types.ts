// Contracts between the simulator's MTProto server (protocol) and its method handlers (the world).

/** An answer Telegram gives as rpc_error: throw it from a handler. */
export class RpcError extends Error {
  constructor(readonly code: number, message: string) {
    super(message)
  }
}

export interface CallContext {
  dcId: number
  /** auth key id (hex) of the caller: one per simulated account/DC key */
  authKeyId: string
  /** serial number of the TCP connection the call came on */
  connectionId: number
  /** wrapper names the call arrived in, outermost first (invokeWithLayer, initConnection, invokeWithTakeout...) */
  wrappers: string[]
  /** set when the call came inside invokeWithTakeout */
  takeoutId?: bigint
}

/** A decoded TL method call: `_` is the method name (e.g. 'messages.getHistory'), fields camelCase. */
export interface TlRequest {
  _: string
  [field: string]: any
}

/** Answers one unwrapped RPC with a TL object (or boolean); throws RpcError for Telegram errors. */
export type Handler = (req: TlRequest, ctx: CallContext) => unknown | Promise<unknown>

export interface ServerCounters {
  /** calls per method (unwrapped name) */
  calls: Record<string, number>
  /** rpc errors sent, by message (FLOOD_WAIT_3, INTERNAL...) */
  errors: Record<string, number>
  /** flood waits sent (any FLOOD_WAIT_* / FLOOD_PREMIUM_WAIT_*) */
  floodWaits: number
  inFlight: number
  peakInFlight: number
  /** peak in-flight per method */
  peakInFlightByMethod: Record<string, number>
  bytesSent: number
  bytesReceived: number
  connections: number
  droppedConnections: number
  /** file bytes answered by upload.getFile (what a download really cost) */
  fileBytes: number
  /** connections that went silent instead of answering (stallRate) */
  stalledConnections: number
}

export type { SimSession, SimSessionFile } from '../model/sim-session.ts'
