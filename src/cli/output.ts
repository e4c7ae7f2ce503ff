// Chooses how a command reports: a live terminal display, JSON lines for pipes, or nothing.
import type { Progress } from '../export/progress.ts'
import { silentProgress } from '../export/progress.ts'
import { indexVault } from '../export/search.ts'
import type { Io } from './io.ts'
import { jsonProgress } from './progress-json.ts'
import { ttyProgress } from './progress-tty.ts'

export function progressFor(flags: { json?: boolean; quiet?: boolean }, io: Io): Progress {
  if (flags.quiet) return silentProgress
  if (flags.json || !io.stdout.isTTY) return jsonProgress((l) => io.stdout.write(l + '\n'))
  return ttyProgress(io.stderr, io.env)
}

/** Queued messages past which the search index's catch-up after a run is announced: ~0.2 s of work. */
const ANNOUNCE_INDEXING = 5_000

/**
 * Brings the search index up to date after a run that stored messages. It follows the summary, so a
 * terminal is told when it will take a while (179k messages: ~6.6 s), not left silent; JSON output
 * keeps the summary as its last line.
 */
export function indexAfterRun(vault: string, flags: { json?: boolean; quiet?: boolean }, io: Io): void {
  const say = !flags.quiet && !flags.json && io.stdout.isTTY
  indexVault(vault, say ? (pending) => {
    if (pending >= ANNOUNCE_INDEXING) io.stderr.write(`indexing ${pending.toLocaleString('en-US')} messages for tobs search…\n`)
  } : undefined)
}
