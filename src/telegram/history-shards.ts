// Reads an id range of one chat with several requests in flight: the range is cut into shards, and a
// worker that runs out of work takes half of the largest shard left (work stealing), so the requests
// stay full (100 messages) and the parallelism follows whatever rate the controller allows.
import type { AscendingPage } from './history.ts'

/**
 * A page, or what builds it once its answer has arrived. A page that is the value of a promise made
 * when its request went out stays reachable from that promise until the promise is collected, and a
 * mark-compact during the request moved the promise to the old generation: young collections until
 * the next one kept the page alive and promoted it (issue 10). A builder resolves that promise
 * instead; it should let go of its answer once it has built the page.
 */
export type PageOrBuilder = AscendingPage | (() => AscendingPage)

export type FetchPage = (afterId: number, toId: number) => Promise<PageOrBuilder>

function built(p: PageOrBuilder): AscendingPage {
  return typeof p === 'function' ? p() : p
}

interface Shard {
  /** last id already read */
  after: number
  /** last id of the shard; 0 = up to the newest message */
  to: number
  busy: boolean
}

export interface ParallelOptions {
  /** workers (requests in flight at most) */
  workers: number
  /** a shard smaller than this many ids is not split again */
  minShardIds?: number
  /** messages expected in the range (the server's count): sparse id ranges get fewer shards */
  expected?: number
  signal?: AbortSignal
}

/**
 * Reads every message with id in (afterId, newest], calling onPage for each page as it arrives
 * (pages of different shards arrive in any order; each page is ascending and gap-free inside).
 * `topId` is the newest id known when starting; messages arriving later are read by the last shard.
 */
export async function fetchParallel(
  fetchPage: FetchPage, afterId: number, topId: number, onPage: (p: AscendingPage) => void | Promise<void>,
  opts: ParallelOptions,
): Promise<void> {
  const minIds = opts.minShardIds ?? 1000
  const span = Math.max(0, topId - afterId)
  const dense = opts.expected === undefined ? span : Math.min(span, opts.expected)
  const count = Math.max(1, Math.min(opts.workers, Math.floor(dense / minIds)))
  const shards: Shard[] = []
  for (let i = 0; i < count; i++) {
    const after = afterId + Math.floor((span * i) / count)
    const to = i === count - 1 ? 0 : afterId + Math.floor((span * (i + 1)) / count)
    shards.push({ after, to, busy: false })
  }

  // the first failure stops the other workers at their next turn, and the reading ends only once
  // every worker has: a caller that stops sees no request go out after it (Promise.all would not wait)
  let failure: { error: unknown } | undefined
  const run = async (shard: Shard): Promise<void> => {
    for (let s: Shard | undefined = shard; s; s = steal(shards, minIds, topId)) {
      s.busy = true
      for (;;) {
        if (failure) return
        opts.signal?.throwIfAborted()
        const { hi, done } = await readPage(fetchPage, s, onPage)
        s.after = Math.max(s.after, hi)
        if (done || (s.to && s.after >= s.to)) break
      }
      s.busy = false
      s.to = s.after // finished
    }
  }
  await Promise.all(shards.slice(0, count).map((s) => run(s).catch((error: unknown) => {
    failure ??= { error }
  })))
  if (failure) throw failure.error
}

/**
 * Reads every message with id in (afterId, toId] (toId 0: up to the newest): one page first, which
 * finds where the history really starts (ids need not begin at 1), then the rest in parallel.
 * `expected` is the server's count for the whole window.
 */
export async function readHistory(
  fetchPage: FetchPage, afterId: number, toId: number, topId: number, onPage: (p: AscendingPage) => void | Promise<void>,
  opts: ParallelOptions,
): Promise<void> {
  // the first page is handed on inside its own frame too, or it stayed alive for the whole reading
  const first = await readFirst(fetchPage, afterId, toId, onPage)
  if (first.done) return
  const expected = opts.expected === undefined ? undefined : Math.max(0, opts.expected - first.read)
  await fetchParallel((after, to) => fetchPage(after, to || toId), first.hi, topId, onPage, { ...opts, expected })
}

async function readFirst(
  fetchPage: FetchPage, afterId: number, toId: number, onPage: (p: AscendingPage) => void | Promise<void>,
): Promise<{ hi: number; done: boolean; read: number }> {
  const first = built(await fetchPage(afterId, toId))
  await onPage(first)
  return { hi: first.hi, done: first.done, read: first.messages.length }
}

/**
 * One page of a shard, handed on: only its cursor comes back. A suspended async function keeps the
 * values of its locals until they are overwritten, so a worker that held the page in its own loop
 * kept it alive through its next round trip: eight workers, eight pages (800 messages, ~1.4 MB)
 * alive at every young-generation collection, copied and then promoted (issue 10). This frame ends
 * with the hand-off.
 */
async function readPage(
  fetchPage: FetchPage, s: Shard, onPage: (p: AscendingPage) => void | Promise<void>,
): Promise<{ hi: number; done: boolean }> {
  const page = clamp(built(await fetchPage(s.after, s.to)), s.to)
  await onPage(page)
  return { hi: page.hi, done: page.done }
}

/** A split may have moved the shard's end while its request was in flight: keep only its own ids. */
function clamp(page: AscendingPage, to: number): AscendingPage {
  if (!to || page.hi <= to) return page
  return { ...page, messages: page.messages.filter((m) => m.id <= to), hi: to, done: false }
}

/** Splits the busy shard with the most ids left; the upper half becomes a new shard. */
function steal(shards: Shard[], minIds: number, topId: number): Shard | undefined {
  let best: Shard | undefined
  let bestLeft = 0
  for (const s of shards) {
    const end = s.to || topId
    const left = end - s.after
    if (s.busy && left > bestLeft) {
      best = s
      bestLeft = left
    }
  }
  if (!best || bestLeft < 2 * minIds) return undefined
  const end = best.to || topId
  const mid = best.after + Math.floor((end - best.after) / 2)
  const fresh: Shard = { after: mid, to: best.to, busy: false }
  best.to = mid
  shards.push(fresh)
  return fresh
}
