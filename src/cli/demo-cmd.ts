// `tobs demo`: the whole tool on a fresh machine: start the simulator in-process, export its world.
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { runDemo } from '../export/demo.ts'
import type { SplitChoice as Split } from '../export/layout.ts'
import { loadConfig } from '../config/config.ts'
import { count, flag, mediaFlags, mediaOptions, splitOption, tzOption, type MediaFlags, type OutputFlags } from './flags.ts'
import type { Io } from './io.ts'
import { interruptible } from './interrupt.ts'
import { progressFor } from './output.ts'
import { jsonProgress } from './progress-json.ts'
import { processFlags, processSpec, type ProcessFlags } from './process-flags.ts'

interface DemoFlags extends OutputFlags, MediaFlags, ProcessFlags {
  out: string
  seed: number
  messages: number
  split?: Split
  tz?: string
}

export function demoCommand(program: Command, io: Io): void {
  const cmd = program.command('demo')
    .description('start the built-in Telegram simulator and export its world (no account needed)')
    .option('--out <dir>', 'vault folder', 'demo-vault')
    .addOption(flag('--seed <n>', 'world seed', count(0), 1))
    .addOption(flag('--messages <n>', 'messages in the whole world', count(1, 100_000_000), 3000))
    .addOption(splitOption())
    .addOption(tzOption())
    .option('--json', 'print the summary as one JSON object on the last line of stdout')
    .option('--quiet', 'no progress output')
  processFlags(mediaFlags(cmd)).action((flags: DemoFlags) => runDemoCommand(flags, io))
}

async function runDemoCommand(flags: DemoFlags, io: Io): Promise<void> {
  // --json --quiet: nothing but the summary line
  const progress = flags.json && flags.quiet
    ? { ...progressFor({ quiet: true }, io), summary: jsonProgress((l) => io.stdout.write(l + '\n')).summary }
    : progressFor(flags, io)
  const timeZone = loadConfig({ timeZone: flags.tz }, io.env, io.cwd).timeZone
  await interruptible(io, (stop) => runDemo({
    out: resolve(io.cwd, flags.out), seed: flags.seed, messages: flags.messages, split: flags.split ?? 'auto',
    media: mediaOptions(flags, resolve(io.cwd, flags.out)), process: processSpec(flags), signal: stop.signal, timeZone,
  }, progress))
}
