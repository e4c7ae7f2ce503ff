// `tobs export`, `tobs chats`, `tobs render`: flags -> options -> export/.
import { join, resolve } from 'node:path'
import type { Chat, FileKind } from '../model/types.ts'
import { ALL_FILE_KINDS, type MediaOptions } from '../media/queue.ts'
import { loadConfig, defaultSessionPath, type Config } from '../config/config.ts'
import { connect } from '../telegram/connect.ts'
import { sessionFromFile } from '../telegram/client.ts'
import { runExport } from '../export/run-export.ts'
import { parseTarget } from '../export/targets.ts'
import { writeDesktopFromVault } from '../export/desktop-out.ts'
import { listChats } from '../export/list-chats.ts'
import { rebuildVault } from '../export/rebuild.ts'
import { RunMeter } from '../export/meter.ts'
import { runConvert } from '../export/run-convert.ts'
import { progressFor } from './output.ts'
import { UsageError } from './usage.ts'

class Interrupted extends Error {}

const KINDS: Chat['kind'][] = ['channel', 'group', 'supergroup', 'forum', 'private', 'saved', 'bot']

/** Flags every writing command shares: how it reports, and which media it fetches. */
export interface OutputFlags {
  json?: boolean
  quiet?: boolean
}

export interface MediaFlags {
  media: boolean
  maxFileSize: number
  mediaKinds?: string
  mediaConcurrency: number
}

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

function openSession(config: Config) {
  return sessionFromFile(config.session ?? defaultSessionPath(), { apiId: config.apiId, apiHash: config.apiHash })
}

export async function exportCommand(targets: string[], flags: ExportFlags): Promise<void> {
  const config = loadConfig({ session: flags.session, out: flags.out, split: flags.split })
  const kinds = parseKinds(flags.kinds)
  if (!targets.length && !kinds.length) throw new UsageError('name at least one chat to export, or --kinds')
  if (!config.out) throw new UsageError('--out <dir> is required (or TOBS_OUT)')
  for (const t of targets) parseTarget(t) // a malformed target fails before any network
  if (flags.format && flags.format !== 'desktop-json') throw new UsageError(`unknown --format "${flags.format}"; formats: desktop-json`)
  const meter = new RunMeter()
  const conn = await connect(openSession(config), { onFloodWait: meter.onFloodWait })
  const stop = new AbortController()
  // Ctrl-C: stop reading, close the takeout session, keep everything written so far
  const onSignal = () => stop.abort(new Interrupted('interrupted; rerun the same command to resume'))
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  try {
    const summary = await runExport({
      targets, kinds, out: resolve(config.out), split: config.split, takeout: flags.takeout,
      timeZone: config.timeZone, fromId: flags.fromId, toId: flags.toId, since: flags.since, until: flags.until,
      last: flags.last, topicId: flags.topic, refresh: flags.refresh, concurrency: flags.concurrency, media: mediaOptions(flags),
    }, { client: conn.client, selfId: conn.selfId, progress: progressFor(flags), meter, signal: stop.signal })
    if (flags.format === 'desktop-json') {
      const out = resolve(config.out)
      const dest = resolve(flags.desktopOut ?? join(out, '.tobs', 'desktop-export'))
      const written = await writeDesktopFromVault(out, dest, { chatIds: summary.chat_ids as number[] })
      process.stderr.write(`wrote a Telegram Desktop export of ${written.chats} chats (${written.messages} messages) to ${dest}\n`)
    }
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    await conn.close()
  }
}

export function mediaOptions(flags: MediaFlags): MediaOptions | false {
  if (!flags.media) return false
  const kinds = flags.mediaKinds ? flags.mediaKinds.split(',').map((k) => k.trim()) : ALL_FILE_KINDS
  for (const k of kinds) {
    if (!ALL_FILE_KINDS.includes(k as FileKind)) throw new UsageError(`unknown media kind "${k}"; kinds: ${ALL_FILE_KINDS.join(', ')}`)
  }
  return {
    concurrency: Math.max(1, flags.mediaConcurrency), maxSize: flags.maxFileSize * 2 ** 20,
    kinds: new Set(kinds as FileKind[]),
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

export async function chatsCommand(flags: { session?: string; json?: boolean }): Promise<void> {
  const config = loadConfig({ session: flags.session })
  const conn = await connect(openSession(config))
  try {
    const chats = await listChats(conn.client, conn.selfId)
    if (flags.json || !process.stdout.isTTY) {
      for (const c of chats) process.stdout.write(JSON.stringify(c) + '\n')
      return
    }
    const rows = chats.map((c) => [c.kind, String(c.id), c.title, c.username ? `@${c.username}` : '',
      String(c.messageCount ?? ''), c.topics ? `${c.topics.length} topics` : ''])
    const widths = rows[0]?.map((_, i) => Math.min(40, Math.max(...rows.map((r) => r[i]!.length)))) ?? []
    for (const r of rows) process.stdout.write(r.map((v, i) => v.slice(0, 40).padEnd(widths[i]!)).join('  ').trimEnd() + '\n')
  } finally {
    await conn.close()
  }
}

export async function renderCommand(flags: { out: string; split?: Config['split'] }): Promise<void> {
  const config = loadConfig({ split: flags.split })
  const notes = await rebuildVault(resolve(flags.out), { split: config.split, timeZone: config.timeZone })
  process.stderr.write(`rebuilt ${notes} notes in ${flags.out}\n`)
}

interface ConvertFlags extends OutputFlags, MediaFlags {
  out: string
  split?: Config['split']
}

export async function convertCommand(input: string, flags: ConvertFlags): Promise<void> {
  const config = loadConfig({ split: flags.split })
  await runConvert({
    input, out: resolve(flags.out), split: config.split, timeZone: config.timeZone, media: mediaOptions(flags),
  }, progressFor(flags))
}
