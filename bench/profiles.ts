// Benchmark profiles: the simulator's knobs and the ceiling they imply (DESIGN.md section 4).
import type { SimKnobs } from '../src/sim/handlers/index.ts'

export interface Profile {
  name: string
  /** forum messages to export by default */
  messages: number
  /** round trip of the main DC in ms */
  roundTripMs: number
  /** hidden messages.getHistory requests/s per account; undefined = none */
  hiddenLimit?: number
  /** messages the sequential-75 baseline reads (a slice of the forum: its rate is steady) */
  baselineMessages: number
}

export const PROFILES: Record<string, Profile> = {
  seed: { name: 'seed', messages: 500_000, roundTripMs: 95, hiddenLimit: 30, baselineMessages: 20_000 },
  strict: { name: 'strict', messages: 500_000, roundTripMs: 95, hiddenLimit: 8, baselineMessages: 20_000 },
  fast: { name: 'fast', messages: 500_000, roundTripMs: 20, baselineMessages: 20_000 },
}

export function knobsOf(p: Profile): Partial<SimKnobs> {
  return {
    // the media DC gets the same latency: it is idle here (no media), but stays a realistic pair
    latencyMs: { 2: p.roundTripMs, 4: p.roundTripMs },
    rateLimits: p.hiddenLimit ? { 'messages.getHistory': p.hiddenLimit } : {},
  }
}

/** 100 * min(k / R, L) messages/s: k requests in flight, R the round trip in s, L the hidden limit. */
export function ceilingMsgPerS(p: Profile, inFlight: number): number {
  const byLatency = inFlight / (p.roundTripMs / 1000)
  return 100 * Math.min(byLatency, p.hiddenLimit ?? Infinity)
}

/** The forum holds 28 % of the world's messages (src/sim/world/layout.ts): size the world to it. */
export const FORUM_SHARE = 0.28

export function worldMessagesFor(forumMessages: number): number {
  return Math.ceil(forumMessages / FORUM_SHARE)
}
