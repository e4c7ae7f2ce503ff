// One file fetched as parts in parallel into a `.part` file at their own offsets: parts of a size
// Telegram accepts (a power of two dividing 1 MiB, offsets multiples of it), several in flight,
// each with a stall timeout and retries with backoff, and the complete prefix reported as it
// grows so a killed run resumes there (issue 11).
import { open, type FileHandle } from 'node:fs/promises'
import type { ByteBudget } from './budget.ts'
import { partCollector } from './collect.ts'

const KiB = 1024
const MiB = 1024 * KiB

/** Part size for a file: one request for a small file, 512 KiB or 1 MiB parts for larger ones. */
export function partSizeFor(size: number): number {
  if (size >= 8 * MiB) return MiB
  if (size > 512 * KiB) return 512 * KiB
  let p = 4 * KiB
  while (p < size) p *= 2
  return p
}

/** Reads one part; `signal` aborts it (stall timeout or the run's cancel). */
export type ReadPart = (offset: number, limit: number, signal: AbortSignal) => Promise<Uint8Array>

export interface PartPlan {
  path: string
  size: number
  partSize: number
  /** bytes [0, start) are already in the file (a multiple of partSize) */
  start: number
  /** parts in flight for this file */
  inFlight: number
  /** a part that has not arrived after this long is abandoned and asked again */
  stallMs: number
  /** tries per part before the file fails */
  tries: number
  /** called when the complete prefix grows */
  onPrefix?: (done: number) => void
  /** called with every part's length as it lands */
  onBytes?: (n: number) => void
  signal?: AbortSignal
  /** bytes in flight shared with the run's other files; a part's stall timer starts once it has its share */
  budget?: ByteBudget
}

/** A part that keeps failing: the file fails with this reason. */
export class PartFailed extends Error {}

/** Errors that end the file at once rather than being retried (the caller handles them). */
export type Fatal = (e: unknown) => boolean

export async function fetchParts(plan: PartPlan, read: ReadPart, fatal: Fatal = () => false): Promise<void> {
  const fh = await open(plan.path, plan.start > 0 ? 'r+' : 'w')
  try {
    if (plan.start > 0) await fh.truncate(plan.start)
    const done = new Set<number>()
    let prefix = plan.start
    let next = plan.start
    const worker = async () => {
      while (next < plan.size) {
        const offset = next
        next += plan.partSize
        const want = Math.min(plan.partSize, plan.size - offset)
        const length = await writePart(fh, plan, read, fatal, offset, want)
        plan.onBytes?.(length)
        done.add(offset)
        const before = prefix
        while (done.has(prefix)) {
          done.delete(prefix)
          prefix = Math.min(plan.size, prefix + plan.partSize)
        }
        if (prefix > before) plan.onPrefix?.(prefix)
      }
    }
    const parts = Math.ceil((plan.size - plan.start) / plan.partSize)
    await Promise.all(Array.from({ length: Math.max(1, Math.min(plan.inFlight, parts)) }, worker))
    await fh.sync()
  } finally {
    await fh.close()
  }
}

/**
 * One part read and written; only its length comes back. A suspended async function keeps its
 * locals alive, so a part held in the worker loop stayed in memory through the next part's whole
 * round trip: ~1 MiB per worker, 21 MB of the media bench's heap snapshot (issue 11).
 */
async function writePart(fh: FileHandle, plan: PartPlan, read: ReadPart, fatal: Fatal, offset: number, want: number): Promise<number> {
  const bytes = await readWithRetry(plan, read, fatal, offset, want)
  await fh.write(bytes, 0, bytes.length, offset)
  partCollector.dropped(bytes.length)
  return bytes.length
}

async function readWithRetry(plan: PartPlan, read: ReadPart, fatal: Fatal, offset: number, want: number): Promise<Uint8Array> {
  let last: unknown
  for (let attempt = 0; attempt < plan.tries; attempt++) {
    plan.signal?.throwIfAborted()
    if (attempt > 0) await sleep(Math.min(8000, 250 * 2 ** (attempt - 1)), plan.signal)
    const held = await plan.budget?.acquire(plan.partSize, plan.signal) ?? 0
    const stall = AbortSignal.timeout(plan.stallMs)
    const signal = plan.signal ? AbortSignal.any([plan.signal, stall]) : stall
    try {
      const bytes = await untilAborted(read(offset, plan.partSize, signal), signal)
      if (bytes.length !== want) throw new Error(`part at ${offset} has ${bytes.length} bytes, expected ${want}`)
      return bytes
    } catch (e) {
      plan.signal?.throwIfAborted()
      if (fatal(e)) throw e
      last = stall.aborted ? new Error(`no answer within ${plan.stallMs / 1000}s`) : e
    } finally {
      if (held) plan.budget!.release(held)
    }
  }
  throw new PartFailed(`part at ${offset} failed ${plan.tries} times: ${(last as Error)?.message ?? last}`)
}

/** The promise, or the signal's reason as soon as it aborts: a reader that ignores its signal cannot hang a file. */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise((resolve, reject) => {
    const stop = () => reject(signal.reason)
    signal.addEventListener('abort', stop, { once: true })
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop))
  })
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms)
    signal?.addEventListener('abort', () => {
      clearTimeout(t)
      reject(signal.reason)
    }, { once: true })
  })
}
