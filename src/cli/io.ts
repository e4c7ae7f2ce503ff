// What a command may touch of the outside world: its output streams, stdin, environment, working
// folder and signals. `main(argv, io)` takes them as one object so tests run commands in-process.
import type { Readable, Writable } from 'node:stream'

/** An output stream; a terminal also tells its width and emits 'resize'. */
export type Out = Writable & { isTTY?: boolean; columns?: number }

export type SignalName = 'SIGINT' | 'SIGTERM' | 'SIGHUP'

export interface Signals {
  on(signal: SignalName, handler: () => void): unknown
  off(signal: SignalName, handler: () => void): unknown
}

export interface Io {
  stdout: Out
  stderr: Out
  stdin: Readable & { isTTY?: boolean }
  env: NodeJS.ProcessEnv
  cwd: string
  signals: Signals
  /**
   * Leaves the process at once. Only the real process has it: an in-process run (a test) has no
   * process of its own to leave, so commands that need it fall back to returning normally.
   */
  exit?: (code: number) => never
}

export function processIo(): Io {
  return {
    stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env,
    cwd: process.cwd(), signals: process, exit: (code) => process.exit(code),
  }
}

/** The real process's io for whatever a caller leaves out; no `exit` unless given. */
export function withDefaults(io: Partial<Io>): Io {
  return {
    stdout: io.stdout ?? process.stdout, stderr: io.stderr ?? process.stderr, stdin: io.stdin ?? process.stdin,
    env: io.env ?? process.env, cwd: io.cwd ?? process.cwd(), signals: io.signals ?? process, exit: io.exit,
  }
}
