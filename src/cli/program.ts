// The command tree: one file per command, each adding itself to the program with the io it may use.
import { existsSync, readFileSync } from 'node:fs'
import { Command } from 'commander'
import type { Io } from './io.ts'

type AddCommand = (program: Command, io: Io) => void

/**
 * A new command: its own file exporting `(program, io) => void`, listed here under the names it
 * registers. Loaded on demand: `tobs render` loading every command's modules (mtcute, sharp, the
 * terminal UI) cost 0.7 s of CPU before it did any work, a fifth of a 95k-message render.
 */
const COMMANDS: [names: string[], load: () => Promise<AddCommand>][] = [
  [['demo'], async () => (await import('./demo-cmd.ts')).demoCommand],
  [['export'], async () => (await import('./export-cmd.ts')).exportCommand],
  [['chats'], async () => (await import('./chats-cmd.ts')).chatsCommand],
  [['render'], async () => (await import('./render-cmd.ts')).renderCommand],
  [['convert'], async () => (await import('./convert-cmd.ts')).convertCommand],
  [['login'], async () => (await import('./login-cmd.ts')).loginCommand],
  [['logout'], async () => (await import('./logout-cmd.ts')).logoutCommand],
  [['sim'], async () => (await import('./sim-cmd.ts')).simCommand],
  [['search'], async () => (await import('./search-cmd.ts')).searchCommand],
  [['process'], async () => (await import('./process-cmd.ts')).processCommand],
  [['plan'], async () => (await import('./plan-cmd.ts')).planCommand],
  [['sync', 'status'], async () => (await import('./sync-cmd.ts')).syncCommand],
]

// src/cli/ when run from source, dist/src/cli/ when built: the package file is two or three levels up
const version = ['../../package.json', '../../../package.json']
  .map((p) => new URL(p, import.meta.url))
  .filter((u) => existsSync(u))
  .map((u) => (JSON.parse(readFileSync(u, 'utf8')) as { version: string }).version)[0] ?? 'unknown'

/**
 * The program with the command `argv` names, or with every command when it names none (help, a
 * version, a mistyped command: commander's answers need them all).
 */
export async function buildProgram(io: Io, argv: string[] = []): Promise<Command> {
  const program = new Command()
    .name('tobs')
    .version(version)
    .description('Archive Telegram chats into an Obsidian vault')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(s.replace(/^error: /, 'tobs: ')),
    })
    .exitOverride()
  const named = COMMANDS.find(([names]) => names.includes(argv[0] ?? ''))
  for (const [, load] of named ? [named] : COMMANDS) (await load())(program, io)
  pointAtHelp(program, 'tobs')
  return program
}

/** After a mistyped flag or command: commander's hint, then one line, not the whole help. */
function pointAtHelp(cmd: Command, path: string): void {
  cmd.showHelpAfterError(`run "${path} --help" to see what it takes`)
  for (const sub of cmd.commands) pointAtHelp(sub, `${path} ${sub.name()}`)
}
