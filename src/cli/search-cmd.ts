// `tobs search <words...> --out <vault>`: flags -> runSearch; wikilinks with snippets on a terminal,
// JSON lines otherwise.
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { loadConfig } from '../config/config.ts'
import { runSearch, UnknownChatError, type SearchResult } from '../export/search.ts'
import { count, dateTime, flag } from './flags.ts'
import { dateBounds, DATE_FORMS, ZONE_RULE, type LocalDateTime } from './dates.ts'
import type { Io } from './io.ts'
import { UsageError } from './usage.ts'

interface SearchFlags {
  out?: string
  chat?: string
  from?: string
  since?: LocalDateTime
  until?: LocalDateTime
  limit: number
  json?: boolean
}

export function searchCommand(program: Command, io: Io): void {
  program.command('search')
    .description('full-text search of the vault\'s messages (any script; substrings of 3+ characters use the index)')
    .argument('<words...>', 'words or substrings; every one must occur')
    .option('--out <dir>', 'vault folder')
    .option('--chat <chat>', 'only this chat: id, @username or title')
    .option('--from <sender>', 'only messages from this sender: id, @username or name')
    .addOption(flag('--since <date>', `only messages on or after this date or time (${DATE_FORMS})`, dateTime))
    .addOption(flag('--until <date>', 'only messages before this date or time', dateTime))
    .addOption(flag('--limit <n>', 'results at most, newest first', count(1, 100_000), 20))
    .option('--json', 'one JSON object per result')
    .addHelpText('after', `\n${ZONE_RULE}`)
    .action((words: string[], flags: SearchFlags) => runSearchCommand(words, flags, io))
}

function runSearchCommand(words: string[], flags: SearchFlags, io: Io): void {
  const text = words.join(' ').trim()
  if (!text) throw new UsageError('give the words to search for')
  const config = loadConfig({ out: flags.out }, io.env, io.cwd)
  const out = config.out
  if (!out) throw new UsageError('--out <vault> is required (or TOBS_OUT)')
  const tty = !flags.json && io.stdout.isTTY
  let results: SearchResult[]
  try {
    results = runSearch(resolve(io.cwd, out), {
      text, chat: flags.chat, from: flags.from, ...dateBounds(flags, config.timeZone), limit: flags.limit,
      snippetWidth: tty ? Math.max(20, (io.stdout.columns || 80) - 4) : 100,
    })
  } catch (e) {
    if (e instanceof UnknownChatError) throw new UsageError(e.message)
    throw e
  }
  if (!tty) {
    for (const r of results) io.stdout.write(JSON.stringify({ ...r, snippet: r.snippet.replace(/[\u0001\u0002]/g, '') }) + '\n')
    return
  }
  if (!results.length) io.stderr.write(`no message matches "${text}"\n`)
  const bold = (s: string) => s.replaceAll('\u0001', '\x1b[1m').replaceAll('\u0002', '\x1b[22m')
  for (const r of results) {
    const who = r.sender ? ` · ${r.sender}` : ''
    io.stdout.write(`${r.date.slice(0, 16).replace('T', ' ')} · ${r.chat}${who}\n  ${r.link}\n  ${bold(r.snippet)}\n`)
  }
}
