// Behaviour knobs of the simulated Telegram, and the DC list handlers announce.

export interface SimKnobs {
  /** round trip per DC in ms (applied by the DC server before answering) */
  latencyMs: Record<number, number>
  /** hidden per-account requests/second per method; exceeding answers FLOOD_WAIT_N */
  rateLimits: Record<string, number>
  /** > 0: a call past a rate limit shuts the account out of that method for this many seconds (FLOOD_WAIT_N) */
  floodWaitSeconds: number
  /** > 0: the first account.initTakeoutSession of an account answers TAKEOUT_INIT_DELAY_N */
  takeoutInitDelaySeconds: number
  /** share of first-part upload.getFile calls whose file reference expires just then */
  fileReferenceExpiredRate: number
  /** share of calls answered 500 INTERNAL */
  internalErrorRate: number
  /** share of answers replaced by a dropped connection (DC server) */
  dropRate: number
  /** share of answers withheld, the connection left open and silent (DC server): a peer that stopped answering */
  stallRate: number
  /** per-connection bandwidth cap for answers (DC server); undefined = unlimited */
  bytesPerSecond?: number
  /** per-DC cap over all connections of the account (the link); undefined = unlimited */
  linkBytesPerSecond?: number
  /** DC holding the media files not on DC 2 */
  mediaDc: number
  /** seed of the PRNG behind the rates */
  seed: number
}

export function defaultKnobs(over: Partial<SimKnobs> = {}): SimKnobs {
  return {
    latencyMs: {}, rateLimits: {}, floodWaitSeconds: 0, takeoutInitDelaySeconds: 0, fileReferenceExpiredRate: 0,
    internalErrorRate: 0, dropRate: 0, stallRate: 0, mediaDc: 4, seed: 1, ...over,
  }
}

export interface DcInfo {
  id: number
  host: string
  port: number
}
