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
import { indexVault } from '../export/search.ts'
import { date, int, mediaFlags, mediaOptions, outputFlags, splitOption, type MediaFlags, type OutputFlags } from './flags.ts'
import type { Io } from './io.ts'
import { progressFor } from './output.ts'
import { openSession } from './session.ts'
import { UsageError } from './usage.ts'

class Interrupted extends Error {}

const KINDS: Chat['kind'][] = ['channel', 'group', 'supergroup', 'forum', 'private', 'saved', 'bot']

interface ExportFlags extends OutputFlags, MediaFlags {
  out?: string
  session?: string
  kinds?: string
  split?: Config['split']
  takeout: boolean
  fromId?: number
  toId?: number
  since?: number
  until?: number
  last?: number
  topic?: number
  refresh?: number
  format?: string
  desktopOut?: string
  concurrency: number
}

export function exportCommand(program: Command, io: Io): void {
  const cmd = program.command('export')
    .description('export chats into the vault (targets: @username, t.me link, numeric id, "me")')
    .argument('[targets...]', 'chats to export')
    .option('--out <dir>', 'vault folder')
    .option('--session <file>', 'session file (default: ~/.config/tobs/session.db)')
    .option('--kinds <list>', 'also export every dialog of these kinds (comma list)')
    .addOption(splitOption())
    .option('--no-takeout', 'do not open a takeout session')
    .option('--from-id <id>', 'first message id', int)
    .option('--to-id <id>', 'last message id', int)
    .option('--since <date>', 'only messages on or after this date (YYYY-MM-DD or ISO time)', date)
    .option('--until <date>', 'only messages before this date', date)
    .option('--last <n>', 'only the newest n messages', int)
    .option('--topic <id>', 'forum: only this topic', int)
    .option('--format <format>', 'also write this format after the vault: desktop-json (Telegram Desktop result.json)')
    .option('--desktop-out <dir>', 'where --format desktop-json writes (default: <out>/.tobs/desktop-export)')
    .option('--refresh <n>', 're-read the newest n stored messages of each chat for edits and deletions', int)
    .option('--concurrency <n>', 'history requests in flight at most (1 = sequential)', int, 8)
  mediaFlags(outputFlags(cmd)).action((targets: string[], flags: ExportFlags) => runExportCommand(targets, flags, io))
}

async function runExportCommand(targets: string[], flags: ExportFlags, io: Io): Promise<void> {
  const config = loadConfig({ session: flags.session, out: flags.out, split: flags.split }, io.env, io.cwd)
  const kinds = parseKinds(flags.kinds)
  if (!targets.length && !kinds.length) throw new UsageError('name at least one chat to export, or --kinds')
  if (!config.out) throw new UsageError('--out <dir> is required (or TOBS_OUT)')
  for (const t of targets) parseTarget(t) // a malformed target fails before any network
  if (flags.format && flags.format !== 'desktop-json') throw new UsageError(`unknown --format "${flags.format}"; formats: desktop-json`)
  const media = mediaOptions(flags)
  const out = resolve(io.cwd, config.out)
  const meter = new RunMeter()
  const conn = await connect(openSession(config, io), { onFloodWait: meter.onFloodWait })
  const stop = new AbortController()
  // Ctrl-C: stop reading, close the takeout session, keep everything written so far
  const onSignal = () => stop.abort(new Interrupted('interrupted; rerun the same command to resume'))
  io.signals.on('SIGINT', onSignal)
  io.signals.on('SIGTERM', onSignal)
  try {
    const summary = await runExport({
      targets, kinds, out, split: config.split, takeout: flags.takeout,
      timeZone: config.timeZone, fromId: flags.fromId, toId: flags.toId, since: flags.since, until: flags.until,
      last: flags.last, topicId: flags.topic, refresh: flags.refresh, concurrency: flags.concurrency, media,
    }, { client: conn.client, selfId: conn.selfId, progress: progressFor(flags, io), meter, signal: stop.signal })
    indexVault(out)
    if (flags.format === 'desktop-json') {
      const dest = resolve(io.cwd, flags.desktopOut ?? join(out, '.tobs', 'desktop-export'))
      const written = await writeDesktopFromVault(out, dest, { chatIds: summary.chat_ids as number[] })
      io.stderr.write(`wrote a Telegram Desktop export of ${written.chats} chats (${written.messages} messages) to ${dest}\n`)
    }
  } finally {
    io.signals.off('SIGINT', onSignal)
    io.signals.off('SIGTERM', onSignal)
    await conn.close()
  }
}

function parseKinds(list: string | undefined): Chat['kind'][] {
  if (!list) return []
  const kinds = list.split(',').map((k) => k.trim()).filter(Boolean)
  for (const k of kinds) {
    if (!KINDS.includes(k as Chat['kind'])) throw new UsageError(`unknown kind "${k}"; kinds: ${KINDS.join(', ')}`)
  }
  return kinds as Chat['kind'][]
}
