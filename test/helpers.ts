// Shared pieces of the end-to-end tests: a simulator, a real client connected to it, a temp vault.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startSimulator } from '../src/sim/simulator.ts'
import { connect } from '../src/telegram/connect.ts'
import { runExport, type ExportOptions } from '../src/export/run-export.ts'
import { RunMeter } from '../src/export/meter.ts'
import { ALL_FILE_KINDS } from '../src/media/queue.ts'
import type { Summary } from '../src/export/progress.ts'

export type Sim = Awaited<ReturnType<typeof startSimulator>>

export const ALL_KINDS = ['channel', 'group', 'supergroup', 'forum', 'private', 'saved', 'bot'] as const

export function tempVault(): string {
  return mkdtempSync(join(tmpdir(), 'tobs-vault-'))
}

export const defaultMedia = { concurrency: 4, maxSize: 50 * 2 ** 20, kinds: new Set(ALL_FILE_KINDS) }

/** Runs one export of `sim` into `out` through a fresh real client, as the CLI would. */
export async function exportSim(sim: Sim, out: string, opts: Partial<ExportOptions> = {}): Promise<Summary> {
  const meter = new RunMeter()
  const conn = await connect({ kind: 'sim', session: sim.session }, { onFloodWait: meter.onFloodWait })
  try {
    return await runExport({
      targets: [], kinds: [...ALL_KINDS], out, split: 'month', takeout: true, media: false, ...opts,
    }, { client: conn.client, selfId: conn.selfId, meter })
  } finally {
    await conn.close()
  }
}

/** Every existing message id of a chat in the simulated world, ascending. */
export function worldIds(sim: Sim, chatId: number): number[] {
  return [...sim.world.ids(chatId)]
}
