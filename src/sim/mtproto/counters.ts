// Server-side counters that tests and benchmarks read (see ServerCounters in ../types.ts).
import type { ServerCounters } from '../types.ts'

export function newCounters(): ServerCounters {
  return {
    calls: {},
    errors: {},
    floodWaits: 0,
    inFlight: 0,
    peakInFlight: 0,
    peakInFlightByMethod: {},
    bytesSent: 0,
    bytesReceived: 0,
    connections: 0,
    droppedConnections: 0,
    fileBytes: 0,
    stalledConnections: 0,
  }
}

/** Zeroes every field in place, so references held by callers stay valid. inFlight is live state and kept. */
export function resetCounters(c: ServerCounters): void {
  const inFlight = c.inFlight
  Object.assign(c, newCounters())
  c.inFlight = inFlight
  c.peakInFlight = inFlight
}

/**
 * Per-method in-flight tracking: peakInFlightByMethod is the peak number of calls of THAT method in flight
 * at once (what a per-method rate limiter or a parallel fetcher wants to see).
 */
export class InFlightTracker {
  private readonly byMethod = new Map<string, number>()

  constructor(private readonly counters: ServerCounters) {}

  begin(method: string): void {
    const c = this.counters
    c.calls[method] = (c.calls[method] ?? 0) + 1
    c.inFlight++
    if (c.inFlight > c.peakInFlight) c.peakInFlight = c.inFlight
    const n = (this.byMethod.get(method) ?? 0) + 1
    this.byMethod.set(method, n)
    if (n > (c.peakInFlightByMethod[method] ?? 0)) c.peakInFlightByMethod[method] = n
  }

  end(method: string): void {
    this.counters.inFlight--
    const n = (this.byMethod.get(method) ?? 1) - 1
    if (n === 0) this.byMethod.delete(method)
    else this.byMethod.set(method, n)
  }
}

const FLOOD = /^FLOOD_(PREMIUM_)?WAIT_/

export function countError(c: ServerCounters, message: string): void {
  c.errors[message] = (c.errors[message] ?? 0) + 1
  if (FLOOD.test(message)) c.floodWaits++
}
