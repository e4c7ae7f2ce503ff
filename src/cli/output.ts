// Chooses how a command reports: a live terminal display, JSON lines for pipes, or nothing.
import type { Progress } from '../export/progress.ts'
import { silentProgress } from '../export/progress.ts'
import { jsonProgress } from './progress-json.ts'
import { ttyProgress } from './progress-tty.ts'

export function progressFor(flags: { json?: boolean; quiet?: boolean }): Progress {
  if (flags.quiet) return silentProgress
  if (flags.json || !process.stdout.isTTY) return jsonProgress()
  return ttyProgress()
}
