// `tobs sync [--config tobs.yaml] [--every 1h]` and `tobs status`: flags and the sync file -> runSync /
// syncStatus; what changed per chat on a terminal, one JSON object per run otherwise.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import type { Command } from 'commander'
import { Cron } from 'croner'
import { loadConfig, defaultSessionPath } from '../config/config.ts'
import { parseSyncConfig, SyncConfigError, type SyncConfig } from '../config/sync-config.ts'
import { connect } from '../telegram/connect.ts'
import { sessionFromFile } from '../telegram/client.ts'
import { UnknownChatError } from '../telegram/resolve.ts'
import { RunMeter } from '../export/meter.ts'
import { parseTarget } from '../export/targets.ts'
import { runSync, type SyncResult } from '../export/run-sync.ts'
import { syncStatus, type ChatStatus } from '../export/sync-status.ts'
import type { Io } from './io.ts'
import { interruptible } from './interrupt.ts'
import { UsageError } from './usage.ts'
import { Expected, flag } from './flags.ts'

interface SyncFlags { config: string; every?: Cron; json?: boolean; quiet?: boolean }

export function syncCommand(program: Command, io: Io): void {
  program.command('sync')
    .description('bring every chat of a sync file up to date: new messages, edits and deletions in the refresh window')
    .option('--config <file>', 'the sync file (YAML: vault, chats, options)', 'tobs.yaml')
    .addOption(flag('--every <interval>', 'keep running: 30m, 1h, 1d, or a cron pattern ("0 * * * *")', scheduleOf))
    .option('--json', 'one JSON object per run instead of a terminal display')
    .option('--quiet', 'no progress output')
    .action((flags: SyncFlags) => runSyncCommand(flags, io))
  program.command('status')
    .description("each chat's last sync, message counts and gaps")
    .option('--config <file>', 'the sync file naming the vault', 'tobs.yaml')
    .option('--out <dir>', 'the vault (instead of --config)')
    .option('--json', 'one JSON object per chat')
    .action((flags: { config: string; out?: string; json?: boolean }) => runStatusCommand(flags, io))
}

/** The sync file, paths in it read relative to the file. */
function readSyncFile(file: string, io: Io): SyncConfig {
  const path = resolve(io.cwd, file)
  if (!existsSync(path)) throw new UsageError(`${file}: no such sync file (write one, or pass --config)`)
  try {
    const config = parseSyncConfig(readFileSync(path, 'utf8'), file)
    for (const c of config.chats) {
      if (!c.target) continue
      try {
        parseTarget(c.target)
      } catch (e) {
        throw new SyncConfigError(`${file}: ${c.place}.chat: ${(e as Error).message}`)
      }
    }
    const base = dirname(path)
    return { ...config, vault: resolve(base, config.vault), session: config.session && resolve(base, config.session) }
  } catch (e) {
    if (e instanceof SyncConfigError) throw new UsageError(e.message)
    throw e
  }
}

async function runSyncCommand(flags: SyncFlags, io: Io): Promise<void> {
  const sync = readSyncFile(flags.config, io)
  const schedule = flags.every
  const settings = loadConfig({ session: sync.session }, io.env, io.cwd)
  const session = settings.session ?? defaultSessionPath(io.env)
  const meter = new RunMeter()
  // Ctrl-C at any moment: what is stored stays stored, the chat is marked unfinished, the next sync completes it
  await interruptible(io, async (stop) => {
    const conn = await stop.race(connect(sessionFromFile(session, { apiId: settings.apiId, apiHash: settings.apiHash }),
      { onFloodWait: meter.onFloodWait }), (c) => c.close())
    try {
      const once = async () => {
        const before = meter.requests
        let result: SyncResult
        try {
          // the export's own display would draw a bar per unchanged chat: sync says what changed instead
          if (!flags.json && !flags.quiet && io.stdout.isTTY) io.stderr.write(`syncing ${sync.chats.length} entries into ${sync.vault}…\n`)
          result = await runSync(sync, { client: conn.client, selfId: conn.selfId, session, meter, signal: stop.signal })
        } catch (e) {
          if (e instanceof UnknownChatError) throw new UsageError(`${flags.config}: ${placeOf(sync, e.message)}${e.message}`)
          throw e
        }
        report({ ...result, requests: meter.requests - before }, flags, io)
      }
      await once()
      while (schedule && !stop.signal.aborted) {
        const next = schedule.nextRun()
        if (!next) break
        if (!flags.json) io.stderr.write(`next sync at ${next.toISOString()}\n`)
        await sleepUntil(next, stop.signal)
        await once()
      }
    } finally {
      await conn.close()
    }
  })
}

/** The entry of the sync file an unknown chat came from, as `chats[2]: `. */
function placeOf(sync: SyncConfig, message: string): string {
  const e = sync.chats.find((c) => c.target && message.includes(c.target))
  return e ? `${e.place}.chat: ` : ''
}

function report(r: SyncResult, flags: SyncFlags, io: Io): void {
  if (flags.json || !io.stdout.isTTY) {
    io.stdout.write(JSON.stringify({ at: new Date().toISOString(), ...r }) + '\n')
    return
  }
  if (flags.quiet) return
  const changed = r.chats.filter((c) => c.added || c.refreshed)
  for (const c of changed) {
    const parts = [c.added && `${c.added} new`, c.refreshed && `${c.refreshed} edited or deleted`].filter(Boolean)
    io.stdout.write(`${c.title}: ${parts.join(', ')}\n`)
  }
  io.stdout.write(`${r.chats.length} chats in sync (${changed.length} changed), ${r.requests} requests, ${r.seconds} s\n`)
}

/** `30m`, `1h`, `2d` or a cron pattern, as a croner schedule. */
function scheduleOf(every: string): Cron {
  const m = /^(\d+)\s*(s|m|h|d)$/.exec(every.trim())
  try {
    if (m) {
      const seconds = Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[m[2] as 's' | 'm' | 'h' | 'd']
      if (seconds < 60) throw new Error('at least 1m')
      return new Cron('* * * * * *', { paused: true, interval: seconds, startAt: new Date(Date.now() + seconds * 1000) })
    }
    return new Cron(every, { paused: true })
  } catch (e) {
    throw new Expected(`give 30m, 1h, 1d or a cron pattern (${(e as Error).message})`)
  }
}

function sleepUntil(when: Date, signal: AbortSignal): Promise<void> {
  return new Promise((resolveSleep, reject) => {
    const t = setTimeout(done, Math.max(0, when.getTime() - Date.now()))
    function done() {
      signal.removeEventListener('abort', abort)
      resolveSleep()
    }
    function abort() {
      clearTimeout(t)
      reject(signal.reason)
    }
    signal.addEventListener('abort', abort, { once: true })
  })
}

function runStatusCommand(flags: { config: string; out?: string; json?: boolean }, io: Io): void {
  const vault = flags.out ? resolve(io.cwd, flags.out) : readSyncFile(flags.config, io).vault
  const rows = syncStatus(vault)
  if (flags.json || !io.stdout.isTTY) {
    for (const r of rows) io.stdout.write(JSON.stringify(r) + '\n')
    return
  }
  const width = io.stdout.columns || 80
  const nameW = Math.max(12, width - 56)
  const fit = (s: string) => ([...s].length > nameW ? [...s].slice(0, nameW - 1).join('') + '…' : s.padEnd(nameW))
  io.stdout.write(`${'chat'.padEnd(nameW)} ${'messages'.padStart(9)}  ${'last sync'.padEnd(16)}  ${'state'.padEnd(11)} gaps\n`)
  for (const r of rows) io.stdout.write(statusLine(r, fit))
}

function statusLine(r: ChatStatus, fit: (s: string) => string): string {
  const last = r.last_sync ? r.last_sync.slice(0, 16).replace('T', ' ') : 'never'
  const gaps = r.gaps.length ? `${r.gaps.length} (${r.missing_ids} ids)` : '-'
  return `${fit(r.title)} ${r.messages.toLocaleString('en-US').padStart(9)}  ${last.padEnd(16)}  ${r.state.padEnd(11)} ${gaps}\n`
}
