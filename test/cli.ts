// Runs the tobs command line in-process through `main(argv, io)`: captured output, an isolated
// TOBS_HOME, and signals a test can send. Spawn a real process only where one is the point.
import { EventEmitter } from 'node:events'
import { Readable, Writable } from 'node:stream'
import { main } from '../src/cli/main.ts'
import type { Io, Out, SignalName } from '../src/cli/io.ts'
import { tempVault } from './helpers.ts'

export interface CliRun { code: number; stdout: string; stderr: string }

/** An output stream that keeps what is written; `tty` makes it look like a terminal of `columns`. */
export function captureOut(opts: { tty?: boolean; columns?: number } = {}): Out & { text(): string } {
  const chunks: string[] = []
  const out = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk))
      done()
    },
  }) as Out & { text(): string }
  if (opts.tty) {
    out.isTTY = true
    out.columns = opts.columns ?? 80
  }
  out.text = () => chunks.join('')
  return out
}

export class FakeSignals extends EventEmitter {
  send(signal: SignalName): void {
    this.emit(signal)
  }
}

export interface CliOptions {
  env?: Record<string, string | undefined>
  /** stdout and stderr are terminals (of `columns`) */
  tty?: boolean
  columns?: number
  stdin?: string
  cwd?: string
  signals?: FakeSignals
}

export async function runTobs(argv: string[], opts: CliOptions = {}): Promise<CliRun> {
  const stdout = captureOut({ tty: opts.tty, columns: opts.columns })
  const stderr = captureOut({ tty: opts.tty, columns: opts.columns })
  const io: Partial<Io> = {
    stdout, stderr,
    stdin: Readable.from(opts.stdin === undefined ? [] : [opts.stdin]),
    env: { ...process.env, TOBS_HOME: tempVault(), API_ID: '', API_HASH: '', ...opts.env },
    cwd: opts.cwd ?? process.cwd(),
    signals: opts.signals ?? new FakeSignals(),
  }
  const code = await main(argv, io)
  return { code, stdout: stdout.text(), stderr: stderr.text() }
}
