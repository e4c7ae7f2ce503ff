// `tobs plan <targets> [export flags]` and `tobs export --dry-run`: what the export would fetch and
// write, sized without reading history; a table on a terminal, one JSON object otherwise.
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { loadConfig, type Config } from '../config/config.ts'
import { connect } from '../telegram/connect.ts'
import { parseTarget } from '../export/targets.ts'
import { runPlan, type Plan } from '../export/plan.ts'
import type { Chat } from '../model/types.ts'
import { CHAT_KINDS, count, flag, listOf, mediaFlags, mediaOptions, rangeFlags, rangeOf, splitOption, tzOption, type MediaFlags, type RangeFlags } from './flags.ts'
import type { Io } from './io.ts'
import { interruptible } from './interrupt.ts'
import { openSession } from './session.ts'
import { UsageError } from './usage.ts'

export interface PlanFlags extends MediaFlags, RangeFlags {
  out?: string
  session?: string
  kinds?: Chat['kind'][]
  split?: Config['split']
  tz?: string
  concurrency: number
  json?: boolean
}

export function planCommand(program: Command, io: Io): void {
  const cmd = program.command('plan')
    .description('size an export before running it: messages, files and bytes by kind, time, where it writes (no history read)')
    .argument('[targets...]', 'chats, as for export')
    .option('--out <dir>', 'vault folder')
    .option('--session <file>', 'session file (default: ~/.config/tobs/session.db)')
    .addOption(flag('--kinds <list>', `also every dialog of these kinds (comma list of ${CHAT_KINDS.join(',')})`, listOf(CHAT_KINDS)))
    .addOption(splitOption())
    .addOption(tzOption())
  rangeFlags(cmd)
    .addOption(flag('--concurrency <n>', 'history requests in flight the export would use (up to 64)', count(1, 64), 8))
    .option('--json', 'one JSON object instead of a table')
  mediaFlags(cmd).action((targets: string[], flags: PlanFlags) => runPlanCommand(targets, flags, io))
}

export async function runPlanCommand(targets: string[], flags: PlanFlags, io: Io): Promise<void> {
  const config = loadConfig({ session: flags.session, out: flags.out, split: flags.split, timeZone: flags.tz }, io.env, io.cwd)
  const kinds = flags.kinds ?? []
  if (!targets.length && !kinds.length) throw new UsageError('name at least one chat to plan, or --kinds')
  for (const t of targets) parseTarget(t)
  const range = rangeOf(flags, config.timeZone)
  const media = mediaOptions(flags)
  const out = resolve(io.cwd, config.out ?? '.')
  // a plan writes nothing: a signal ends it at once (a connection that comes late is closed)
  const plan = await interruptible(io, async (stop) => {
    const conn = await stop.race(connect(openSession(config, io)), (c) => c.close())
    try {
      return await stop.race(runPlan({
        targets, kinds, out, split: config.split, ...range, media, concurrency: flags.concurrency,
      }, conn.client, conn.selfId))
    } finally {
      await conn.close()
    }
  }, 'interrupted')
  if (flags.json || !io.stdout.isTTY) io.stdout.write(JSON.stringify(plan) + '\n')
  else io.stdout.write(planTable(plan, io.stdout.columns || 80))
}

/** The plan as a terminal table fitted to `width` columns, then where each chat's notes go. */
export function planTable(plan: Plan, width: number): string {
  const nums = 8 + 8 + 9 + 8
  const nameW = Math.max(12, Math.min(48, width - nums - 1))
  const fit = (s: string, w: number) => ([...s].length > w ? [...s].slice(0, w - 1).join('') + '…' : s.padEnd(w))
  const line = (name: string, msgs: string, files: string, mb: string, time: string) =>
    `${fit(name, nameW)}${msgs.padStart(8)}${files.padStart(8)}${mb.padStart(9)}${time.padStart(8)}\n`
  const n = (x: number) => x.toLocaleString('en-US')
  const mb = (b: number) => (b / 2 ** 20).toFixed(1)
  let out = line('chat', 'messages', 'files', 'MB', 'time')
  for (const r of plan.rows) {
    out += line(r.topic ? `${r.title} / ${r.topic}` : r.title, n(r.messages), n(r.media_files), mb(r.media_bytes), duration(r.seconds))
  }
  out += line('total', n(plan.messages), n(plan.media_files), mb(plan.media_bytes), duration(plan.seconds))
  const a = plan.assumptions
  out += `\ntime: ${a.rtt_ms} ms round trip (measured), ${a.requests_per_s} req/s, ${a.media_mb_per_s} MiB/s (assumed)\n`
  out += `writes to ${plan.out}:\n`
  for (const r of plan.rows) {
    const span = (f?: string) => f?.replace(/\.md$/, '').split('/').pop()
    const notes = r.notes ? `${r.notes} notes ${span(r.first_note)}${r.notes > 1 ? `…${span(r.last_note)}` : ''}` : 'no notes'
    out += `  ${fit(`${notes}  ${r.folder}/`, width - 3).trimEnd()}\n`
  }
  return out
}

function duration(s: number): string {
  const t = Math.round(s)
  const h = Math.floor(t / 3600)
  const m = Math.floor((t % 3600) / 60)
  return h ? `${h}h${String(m).padStart(2, '0')}m` : `${m}:${String(t % 60).padStart(2, '0')}`
}
