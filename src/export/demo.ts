// The demo: a simulated world exported end to end, the same path a real account takes.
import { startSimulator } from '../sim/simulator.ts'
import { connect } from '../telegram/connect.ts'
import type { SplitChoice as Split } from './layout.ts'
import { RunMeter } from './meter.ts'
import type { MediaOptions } from '../media/queue.ts'
import type { Progress, Summary } from './progress.ts'
import { runExport } from './run-export.ts'
import type { ProcessSpec } from './processing.ts'

export interface DemoOptions { out: string; seed: number; messages: number; split: Split; media: MediaOptions | false
  process?: ProcessSpec; signal?: AbortSignal; timeZone?: string }

const ALL_KINDS = ['channel', 'group', 'supergroup', 'forum', 'private', 'saved', 'bot'] as const

export async function runDemo(opts: DemoOptions, progress: Progress): Promise<Summary> {
  const sim = await startSimulator({ seed: opts.seed, messages: opts.messages, knobs: { latencyMs: { 2: 5, 4: 5 } } })
  try {
    const meter = new RunMeter()
    const conn = await connect({ kind: 'sim', session: sim.session }, { onFloodWait: meter.onFloodWait })
    try {
      return await runExport(
        { targets: [], kinds: [...ALL_KINDS], out: opts.out, split: opts.split, takeout: true, media: opts.media, process: opts.process, timeZone: opts.timeZone },
        { client: conn.client, selfId: conn.selfId, progress, meter, signal: opts.signal },
      )
    } finally {
      await conn.close()
    }
  } finally {
    await sim.close()
  }
}
