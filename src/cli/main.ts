// tobs command line: turns flags into option objects and hands them to the parts that do the work.
// The only place that reads argv or chooses between terminal and JSON output.
import { existsSync, readFileSync } from 'node:fs'
import { Command, CommanderError, Option } from 'commander'
import { SPLITS } from '../config/config.ts'
import { demoCommand } from './demo-cmd.ts'
import { exportCommand, chatsCommand, renderCommand, convertCommand } from './export-cmd.ts'
import { simServeCommand } from './sim-cmd.ts'
import { loginCommand, logoutCommand } from './login-cmd.ts'
import { describeError } from './errors.ts'
import { UsageError } from './usage.ts'

// src/cli/ when run from source, dist/src/cli/ when built: the package file is two or three levels up
const version = ['../../package.json', '../../../package.json']
  .map((p) => new URL(p, import.meta.url))
  .filter((u) => existsSync(u))
  .map((u) => (JSON.parse(readFileSync(u, 'utf8')) as { version: string }).version)[0] ?? 'unknown'

const program = new Command()
  .name('tobs')
  .version(version)
  .description('Archive Telegram chats into an Obsidian vault')
  .showHelpAfterError()
  .exitOverride()

const splitOption = () => new Option('--split <period>', 'one note per period').choices(SPLITS)
const mediaOptions = (cmd: Command) => cmd
  .option('--no-media', 'do not download files (placeholders only)')
  .option('--max-file-size <MB>', 'skip larger files', int, 50)
  .option('--media-kinds <list>', 'file kinds to download (photo,video,audio,voice,video_note,sticker,animation,file)')
  .option('--media-concurrency <n>', 'files downloaded at once', int, 4)

const date = (v: string) => {
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v)
  if (Number.isNaN(t)) throw new CommanderError(2, 'tobs.baddate', `"${v}" is not a date (YYYY-MM-DD)`)
  return Math.floor(t / 1000)
}

const int = (v: string) => {
  const n = Number(v)
  if (!Number.isInteger(n) || n < 0) throw new CommanderError(2, 'tobs.badint', `"${v}" is not a whole number`)
  return n
}

const demo = program.command('demo')
  .description('start the built-in Telegram simulator and export its world (no account needed)')
  .option('--out <dir>', 'vault folder', 'demo-vault')
  .option('--seed <n>', 'world seed', int, 1)
  .option('--messages <n>', 'messages in the whole world', int, 3000)
  .addOption(splitOption())
  .option('--json', 'print the summary as one JSON object on the last line of stdout')
  .option('--quiet', 'no progress output')
mediaOptions(demo).action(demoCommand)

const exp = program.command('export')
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
  .option('--json', 'JSON lines instead of a terminal display')
  .option('--quiet', 'no progress output')
mediaOptions(exp).action(exportCommand)

program.command('chats')
  .description("list the account's chats")
  .option('--session <file>', 'session file')
  .option('--json', 'one JSON object per chat')
  .action(chatsCommand)

program.command('render')
  .description('rebuild every note of a vault from its state database, without Telegram')
  .requiredOption('--out <dir>', 'vault folder')
  .addOption(splitOption())
  .action(renderCommand)

const convert = program.command('convert')
  .description('convert a Telegram Desktop export (folder or result.json) into the vault')
  .argument('<export>', 'export folder or its result.json')
  .requiredOption('--out <dir>', 'vault folder')
  .addOption(splitOption())
  .option('--json', 'JSON lines instead of a terminal display')
  .option('--quiet', 'no progress output')
mediaOptions(convert).action(convertCommand)

program.command('login')
  .description('sign in (phone, code, 2FA password; or --qr) and keep the session, readable by you alone')
  .option('--qr', 'log in by scanning a QR code with Telegram on a signed-in phone')
  .option('--session <file>', 'session file (default: ~/.config/tobs/session.db)')
  .action(loginCommand)

program.command('logout')
  .description('end the session on the server and delete the session file')
  .option('--session <file>', 'session file (default: ~/.config/tobs/session.db)')
  .action(logoutCommand)

program.command('sim')
  .description('the loopback Telegram simulator')
  .command('serve')
  .description('run the simulator and write a session file other tobs commands can use')
  .option('--seed <n>', 'world seed', int, 1)
  .option('--messages <n>', 'messages in the whole world', int, 3000)
  .option('--session-out <file>', 'where to write the session file', 'sim-session.json')
  .option('--latency <ms>', 'round trip per request', int, 0)
  .option('--logged-out', 'start signed out: log in with `tobs login --session <file>` (the code is printed here)')
  .option('--password <pw>', "the simulated account's 2FA password")
  .action(simServeCommand)

try {
  await program.parseAsync(process.argv)
} catch (e) {
  if (e instanceof CommanderError) {
    process.exitCode = e.exitCode === 0 ? 0 : 2
  } else if (e instanceof UsageError) {
    process.stderr.write(`tobs: ${e.message}\n`)
    process.exitCode = 2
  } else {
    process.stderr.write(`tobs: ${describeError(e)}\n`)
    process.exitCode = 1
  }
}
