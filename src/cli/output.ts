// Chooses how a command reports: a live terminal display, JSON lines for pipes, or nothing.
import type { Progress } from '../export/progress.ts'
import { silentProgress } from '../export/progress.ts'
import type { Io } from './io.ts'
import { jsonProgress } from './progress-json.ts'
import { ttyProgress } from './progress-tty.ts'

export function progressFor(flags: { json?: boolean; quiet?: boolean }, io: Io): Progress {
  if (flags.quiet) return silentProgress
  if (flags.json || !io.stdout.isTTY) return jsonProgress((l) => io.stdout.write(l + '\n'))
  return ttyProgress(io.stderr, io.env)
}
