// tobs command line: turns flags into option objects and hands them to the parts that do the work.
// The only place that reads argv or chooses between terminal and JSON output. `main` runs one
// command in-process and returns its exit code, so tests need no child process.
import { CommanderError } from 'commander'
import { buildProgram } from './program.ts'
import { describeError } from './errors.ts'
import { withDefaults, type Io } from './io.ts'
import { UsageError } from './usage.ts'
import { Interrupted } from './interrupt.ts'

/** Runs `tobs <argv...>` (argv without node and the script) and returns the exit code. */
export async function main(argv: string[], io: Partial<Io> = {}): Promise<number> {
  const full = withDefaults(io)
  try {
    await (await buildProgram(full, argv)).parseAsync(argv, { from: 'user' })
    return 0
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2
    if (e instanceof Interrupted) {
      full.stderr.write(`tobs: ${e.message}\n`)
      return e.exitCode
    }
    if (e instanceof UsageError) {
      full.stderr.write(`tobs: ${e.message}\n`)
      return 2
    }
    full.stderr.write(`tobs: ${describeError(e)}\n`)
    return 1
  }
}
