// `tobs process`: runs the processing jobs a vault has pending (a killed run, or tools installed
// since), without Telegram, and rewrites the notes they change.
import { withVault } from './open-vault.ts'
import type { SplitChoice as Split } from './layout.ts'
import { createProcessor, type ProcessSpec } from '../media/process/setup.ts'
import type { ProcessTick } from '../media/process/runner.ts'
import { finishProcessing, processingSummary } from './processing.ts'
import { VaultContext } from './vault-context.ts'

export interface ProcessRunOptions {
  out: string
  split: Split
  timeZone: string
  spec: ProcessSpec
  env: NodeJS.ProcessEnv
  warn: (line: string) => void
  /** how far the jobs are, after each one */
  progress?: (t: ProcessTick) => void
  /** Ctrl-C: running jobs stop and stay pending, the notes of finished ones are written (issue 14) */
  signal?: AbortSignal
}

export interface ProcessRunResult {
  pending: number
  notes: number
  summary: Record<string, unknown>
}

export async function runProcess(o: ProcessRunOptions): Promise<ProcessRunResult> {
  return withVault(o.out, { existing: true }, async (state) => {
    const layout = { split: o.split, timeZone: o.timeZone }
    const ctx = new VaultContext(state, layout)
    const processor = createProcessor(state, o.out, (c, t, d) => ctx.periods.of(c, t, d), o.spec, { env: o.env, warn: o.warn, progress: o.progress })
    const stop = () => void processor.stop()
    o.signal?.addEventListener('abort', stop, { once: true })
    try {
      const pending = processor.resume()
      const notes = await finishProcessing(processor, { state, ctx, layout, vaultDir: o.out }, true)
      o.signal?.throwIfAborted()
      return { pending, notes, summary: processingSummary(processor, state) }
    } finally {
      o.signal?.removeEventListener('abort', stop)
      await processor.stop()
    }
  })
}
