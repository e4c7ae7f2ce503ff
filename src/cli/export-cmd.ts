// `tobs export`: flags -> options -> export/.
import { join, resolve } from 'node:path'
import type { Command } from 'commander'
import type { Chat } from '../model/types.ts'
import { loadConfig, type Config } from '../config/config.ts'
import { connect } from '../telegram/connect.ts'
import { runExport } from '../export/run-export.ts'
import { parseTarget } from '../export/targets.ts'
import { writeDesktopFromVault } from '../export/desktop-out.ts'
import { RunMeter } from '../export/meter.ts'
import { CHAT_KINDS, count, flag, listOf, mediaFlags, mediaOptions, oneOf, outputFlags, rangeFlags, rangeOf, splitOption, tzOption, type MediaFlags, type OutputFlags, type RangeFlags } from './flags.ts'
import type { Io } from './io.ts'
import { interruptible } from './interrupt.ts'
import { indexAfterRun, progressFor } from './output.ts'
import { runPlanCommand } from './plan-cmd.ts'
import { openSession } from './session.ts'
import { UsageError } from './usage.ts'
import { processFlags, processSpec, type ProcessFlags } from './process-flags.ts'

const FORMATS = ['desktop-json'] as const

interface ExportFlags extends OutputFlags, MediaFlags, ProcessFlags, RangeFlags {
  out?: string
  session?: string
  kinds?: Chat['kind'][]
  split?: Config['split']
  tz?: string
  takeout: boolean
  refresh?: number
  format?: typeof FORMATS[number]
  desktopOut?: string
  concurrency: number
  dryRun?: boolean
  comments?: boolean
}

export function exportCommand(program: Command, io: Io): void {
  const cmd = program.command('export')
    .description('export chats into the vault (targets: @username, t.me link, numeric id, "me")')
    .argument('[targets...]', 'chats to export')
    .option('--out <dir>', 'vault folder')
    .option('--session <file>', 'session file (default: ~/.config/tobs/session.db)')
    .addOption(flag('--kinds <list>', `also export every dialog of these kinds (comma list of ${CHAT_KINDS.join(',')})`, listOf(CHAT_KINDS)))
    .addOption(splitOption())
    .addOption(tzOption())
    .option('--no-takeout', 'do not open a takeout session')
  rangeFlags(cmd)
    .addOption(flag('--format <format>', 'also write this format after the vault: desktop-json (Telegram Desktop result.json)', oneOf(FORMATS)))
    .option('--desktop-out <dir>', 'where --format desktop-json writes (default: <out>/.tobs/desktop-export)')
    .addOption(flag('--refresh <n>', 're-read the newest n stored messages of each chat for edits and deletions', count(1)))
    .addOption(flag('--concurrency <n>', 'history requests in flight at most (1 = sequential; up to 64)', count(1, 64), 8))
    .option('--comments', "channels: also export each post's comments from the linked discussion group")
    .option('--dry-run', 'only print what would be exported (as `tobs plan`), without reading history')
  processFlags(mediaFlags(outputFlags(cmd))).action((targets: string[], flags: ExportFlags) => runExportCommand(targets, flags, io))
}

async function runExportCommand(targets: string[], flags: ExportFlags, io: Io): Promise<void> {
  if (flags.dryRun) return runPlanCommand(targets, flags, io)
  const config = loadConfig({ session: flags.session, out: flags.out, split: flags.split, timeZone: flags.tz }, io.env, io.cwd)
  const kinds = flags.kinds ?? []
  if (!targets.length && !kinds.length) throw new UsageError('name at least one chat to export, or --kinds')
  if (!config.out) throw new UsageError('--out <dir> is required (or TOBS_OUT)')
  for (const t of targets) parseTarget(t) // a malformed target fails before any network
  const range = rangeOf(flags, config.timeZone)
  const media = mediaOptions(flags, config.out)
  const processing = processSpec(flags)
  if (processing && !media) throw new UsageError('processing works on downloaded files: drop --no-media')
  const out = resolve(io.cwd, config.out)
  const meter = new RunMeter()
  // Ctrl-C: stop reading, close the takeout session, keep everything stored so far
  await interruptible(io, async (stop) => {
    const conn = await stop.race(connect(openSession(config, io), { onFloodWait: meter.onFloodWait }), (c) => c.close())
    try {
      const summary = await runExport({
        targets, kinds, out, split: config.split, takeout: flags.takeout,
        timeZone: config.timeZone, ...range, refresh: flags.refresh, concurrency: flags.concurrency, media,
        process: processing, comments: flags.comments === true,
      }, { client: conn.client, selfId: conn.selfId, progress: progressFor(flags, io), meter, signal: stop.signal, env: io.env })
      indexAfterRun(out, flags, io)
      if (flags.format === 'desktop-json') {
        const dest = resolve(io.cwd, flags.desktopOut ?? join(out, '.tobs', 'desktop-export'))
        const written = await writeDesktopFromVault(out, dest, { chatIds: summary.chat_ids as number[] })
        io.stderr.write(`wrote a Telegram Desktop export of ${written.chats} chats (${written.messages} messages) to ${dest}\n`)
      }
    } finally {
      await conn.close()
    }
  })
}
