// Ctrl-C, SIGTERM and SIGHUP (the terminal closed) while a command works: the first stops it cleanly
// (what is stored stays, the rerun resumes) and ends with exit code 130 / 143 / 129; a second one
// leaves at once. A second SIGHUP is not a second press: when a terminal closes, the kernel and the
// shell each send one, and leaving at once on the shell's cut a note between its write and its rename.
import type { Io, SignalName } from './io.ts'

const CODES: Record<SignalName, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 }
const SIGNALS = Object.keys(CODES) as SignalName[]
const RESUMABLE = 'interrupted; rerun the same command to resume'

/** The reason a command stopped early; main prints its message and exits with its code. */
export class Interrupted extends Error {
  constructor(readonly exitCode: number, message = RESUMABLE) {
    super(message)
  }
}

export interface Interruption {
  signal: AbortSignal
  /** resolves a promise, or rejects with Interrupted as soon as a signal comes */
  race<T>(work: Promise<T>, onLate?: (value: T) => unknown): Promise<T>
  /** as if `name` came: for a Ctrl-C that a terminal in raw mode hands over as a key (readline) */
  interrupt(name: SignalName): void
  dispose(): void
}

/** `said`: the line a stop prints (a command that stores nothing has nothing to resume). */
export function interruption(io: Io, said = RESUMABLE): Interruption {
  const stop = new AbortController()
  let first: SignalName | undefined
  const interrupt = (name: SignalName) => {
    if (stop.signal.aborted && name === 'SIGHUP' && first === 'SIGHUP') return
    if (stop.signal.aborted) {
      // a second signal: the person means it; the state database survives a kill (resume tests)
      io.exit?.(CODES[name])
      return
    }
    first = name
    stop.abort(new Interrupted(CODES[name], said))
  }
  const handlers = SIGNALS.map((name) => {
    const handler = () => interrupt(name)
    io.signals.on(name, handler)
    return [name, handler] as const
  })
  return {
    signal: stop.signal,
    interrupt,
    race(work, onLate) {
      if (stop.signal.aborted) return Promise.reject(stop.signal.reason)
      return new Promise((resolve, reject) => {
        const abort = () => {
          reject(stop.signal.reason)
          // whatever it was still comes; close it rather than leak it
          if (onLate) void work.then(onLate, () => {})
        }
        stop.signal.addEventListener('abort', abort, { once: true })
        work.then(resolve, reject).finally(() => stop.signal.removeEventListener('abort', abort))
      })
    },
    dispose() {
      for (const [name, handler] of handlers) io.signals.off(name, handler)
    },
  }
}

/** Runs `work` with an interruption: whatever broke while it stopped is the stop itself. */
export async function interruptible<T>(io: Io, work: (stop: Interruption) => Promise<T>, said?: string): Promise<T> {
  const stop = interruption(io, said)
  try {
    return await work(stop)
  } catch (e) {
    throw stop.signal.aborted ? stop.signal.reason : e
  } finally {
    stop.dispose()
  }
}
