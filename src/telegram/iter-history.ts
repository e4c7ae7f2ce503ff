// History as pages, in mtcute's getX / iterX pairs: `getHistory` reads the one page above an id,
// `iterHistory` yields every page of an id window with several requests in flight behind it
// (history-shards.ts). Pages of different shards arrive in any order, each ascending and gap-free
// inside; a worker reads on only once the consumer is done with its page, so a slow consumer
// holds the readers back instead of piling pages up.
import type { AscendingPage, HistoryTarget } from './history.ts'
import { answerAfter, getPageAfter, pageOf } from './history.ts'
import { readHistory, type PageOrBuilder } from './history-shards.ts'
import type { InputPeers } from './input-peers.ts'
import type { Rpc } from './rpc.ts'

export { getPageAfter as getHistory }

export interface HistoryWindow {
  /** last id already stored: reading starts above it */
  after: number
  /** last id to read; 0 = up to the newest */
  to: number
  /** the newest id when starting */
  top: number
  /** the server's count for the window (sparse id ranges get fewer shards) */
  expected?: number
  /** requests in flight at most */
  workers: number
}

interface Waiting { page: AscendingPage; taken: () => void }

export async function* iterHistory(
  rpc: Rpc, peers: InputPeers, target: HistoryTarget, window: HistoryWindow, signal?: AbortSignal,
): AsyncGenerator<AscendingPage> {
  const stop = new AbortController()
  const onAbort = () => stop.abort(signal!.reason)
  if (signal?.aborted) onAbort()
  else signal?.addEventListener('abort', onAbort, { once: true })
  const waiting: Waiting[] = []
  // Hand-offs not yet taken (queued or in the consumer's hands): a stop lets their workers go,
  // whatever the consumer is doing. One listener for all of them: a listener per page, left on the
  // signal until the reading ended, kept every page of the chat alive through its closure (~1 KB a
  // message of live heap, the fetch floor's mark-compacts, issue 10).
  const open = new Set<() => void>()
  stop.signal.addEventListener('abort', () => {
    for (const release of open) release()
  }, { once: true })
  let wake: (() => void) | undefined
  let finished = false
  let failure: { error: unknown } | undefined
  const reading = readHistory((after, to) => answerAfter(rpc, target, after, to).then((answer) => builder(answer, peers, target, after, to)), window.after, window.to, window.top,
    // a page that lands after the consumer left is dropped: its worker stops at its next turn
    (page) => stop.signal.aborted ? undefined : new Promise<void>((resolve) => {
      const taken = () => {
        open.delete(taken)
        resolve()
      }
      open.add(taken)
      waiting.push({ page, taken })
      wake?.()
    }),
    { workers: window.workers, expected: window.expected, signal: stop.signal },
  ).then(() => {}, (error: unknown) => {
    failure = { error }
  }).finally(() => {
    finished = true
    wake?.()
  })
  try {
    for (;;) {
      const next = waiting.shift()
      if (next) {
        // the consumer may leave at this yield (its loop threw): the page's worker is let go all the
        // same, or `await reading` below never returns (a full disk hung the export, issue 16)
        try {
          yield next.page
        } finally {
          next.taken()
        }
        continue
      }
      if (finished) {
        if (failure) throw failure.error
        return
      }
      await new Promise<void>((resolve) => (wake = resolve))
      wake = undefined
    }
  } finally {
    // the consumer stopped early (or failed): the workers stop after their request in flight
    stop.abort(new Error('history reading stopped'))
    for (const w of waiting.splice(0)) w.taken()
    await reading
    signal?.removeEventListener('abort', onAbort)
  }
}

/** Builds the page of `answer` once, then lets go of the answer (history-shards.ts's PageOrBuilder). */
function builder(answer: Parameters<typeof pageOf>[0], peers: InputPeers, target: HistoryTarget, after: number, to: number): PageOrBuilder {
  let held: typeof answer | undefined = answer
  return () => {
    const a = held!
    held = undefined
    return pageOf(a, peers, target, after, to)
  }
}
