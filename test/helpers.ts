// Shared pieces of the end-to-end tests: a simulator, a real client connected to it, a temp vault.
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { startSimulator } from '../src/sim/simulator.ts'
import { connect } from '../src/telegram/connect.ts'
import { runExport, type ExportOptions } from '../src/export/run-export.ts'
import { RunMeter } from '../src/export/meter.ts'
import { ALL_FILE_KINDS } from '../src/media/queue.ts'
import { silentProgress, type Progress, type Summary } from '../src/export/progress.ts'
import type { VaultReport } from '../src/vault/verify.ts'

export type Sim = Awaited<ReturnType<typeof startSimulator>>

export const ALL_KINDS = ['channel', 'group', 'supergroup', 'forum', 'private', 'saved', 'bot'] as const

export function tempVault(): string {
  return mkdtempSync(join(tmpdir(), 'tobs-vault-'))
}

export const defaultMedia = { concurrency: 4, maxSize: 50 * 2 ** 20, kinds: new Set(ALL_FILE_KINDS) }

/** Runs one export of `sim` into `out` through a fresh real client, as the CLI would. */
export async function exportSim(sim: Sim, out: string, opts: Partial<ExportOptions> = {}, progress?: Partial<Progress>): Promise<Summary> {
  const meter = new RunMeter()
  const conn = await connect({ kind: 'sim', session: sim.session }, { onFloodWait: meter.onFloodWait })
  try {
    return await runExport({
      targets: [], kinds: [...ALL_KINDS], out, split: 'month', takeout: true, media: false, ...opts,
    }, { client: conn.client, selfId: conn.selfId, meter, progress: progress && { ...silentProgress, ...progress } })
  } finally {
    await conn.close()
  }
}

/** Every existing message id of a chat in the simulated world, ascending. */
export function worldIds(sim: Sim, chatId: number): number[] {
  return [...sim.world.ids(chatId)]
}

/** Every file of a vault (not its .tobs state) with its bytes; `exported_at` lines blanked when asked. */
export function vaultFiles(root: string, opts: { blankExportedAt?: boolean } = {}): Map<string, string> {
  const out = new Map<string, string>()
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === '.tobs') continue
      const p = join(dir, name)
      if (statSync(p).isDirectory()) walk(p)
      else {
        const text = readFileSync(p, 'latin1')
        out.set(relative(root, p), opts.blankExportedAt ? text.replace(/^exported_at: .*$/m, 'exported_at: X') : text)
      }
    }
  }
  walk(root)
  return out
}

/** The message ids a verified vault holds for one chat (its folder ends in `(<id>)`), ascending. */
export function idsInVault(report: VaultReport, chatId: number): number[] {
  const folder = [...report.messageIds.keys()].find((f) => f.endsWith(`(${chatId})`))
  return [...(folder === undefined ? [] : report.messageIds.get(folder)!)].sort((a, b) => a - b)
}
