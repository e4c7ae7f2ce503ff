// The command tree: one file per command, each adding itself to the program with the io it may use.
import { existsSync, readFileSync } from 'node:fs'
import { Command } from 'commander'
import type { Io } from './io.ts'
import { demoCommand } from './demo-cmd.ts'
import { exportCommand } from './export-cmd.ts'
import { chatsCommand } from './chats-cmd.ts'
import { renderCommand } from './render-cmd.ts'
import { convertCommand } from './convert-cmd.ts'
import { loginCommand } from './login-cmd.ts'
import { logoutCommand } from './logout-cmd.ts'
import { simCommand } from './sim-cmd.ts'
import { searchCommand } from './search-cmd.ts'
import { processCommand } from './process-cmd.ts'
import { planCommand } from './plan-cmd.ts'
import { syncCommand } from './sync-cmd.ts'

/** A new command: its own file exporting `(program, io) => void`, listed here. */
const COMMANDS: ((program: Command, io: Io) => void)[] = [
  demoCommand, exportCommand, chatsCommand, renderCommand, convertCommand, loginCommand, logoutCommand, simCommand,
  searchCommand, processCommand, planCommand, syncCommand,
]

// src/cli/ when run from source, dist/src/cli/ when built: the package file is two or three levels up
const version = ['../../package.json', '../../../package.json']
  .map((p) => new URL(p, import.meta.url))
  .filter((u) => existsSync(u))
  .map((u) => (JSON.parse(readFileSync(u, 'utf8')) as { version: string }).version)[0] ?? 'unknown'

export function buildProgram(io: Io): Command {
  const program = new Command()
    .name('tobs')
    .version(version)
    .description('Archive Telegram chats into an Obsidian vault')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(s.replace(/^error: /, 'tobs: ')),
    })
    .exitOverride()
  for (const add of COMMANDS) add(program, io)
  pointAtHelp(program, 'tobs')
  return program
}

/** After a mistyped flag or command: commander's hint, then one line, not the whole help. */
function pointAtHelp(cmd: Command, path: string): void {
  cmd.showHelpAfterError(`run "${path} --help" to see what it takes`)
  for (const sub of cmd.commands) pointAtHelp(sub, `${path} ${sub.name()}`)
}
