// `tobs render`: every note rebuilt from the state database, without Telegram.
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { loadConfig, type Config } from '../config/config.ts'
import { rebuildVault } from '../export/rebuild.ts'
import { splitOption, tzOption } from './flags.ts'
import type { Io } from './io.ts'
import { interruptible } from './interrupt.ts'

interface RenderFlags { out: string; split?: Config['split']; tz?: string }

export function renderCommand(program: Command, io: Io): void {
  program.command('render')
    .description('rebuild every note of a vault from its state database, without Telegram')
    .requiredOption('--out <dir>', 'vault folder')
    .addOption(splitOption())
    .addOption(tzOption())
    .action((flags: RenderFlags) => runRender(flags, io))
}

async function runRender(flags: RenderFlags, io: Io): Promise<void> {
  const config = loadConfig({ split: flags.split, timeZone: flags.tz }, io.env, io.cwd)
  // Ctrl-C: the chat under way is finished in the new layout, the rest wait for the rerun
  const notes = await interruptible(io, (stop) =>
    rebuildVault(resolve(io.cwd, flags.out), { split: config.split, timeZone: config.timeZone }, stop.signal, (w) => io.stderr.write(`${w}\n`)))
  io.stderr.write(`rebuilt ${notes} notes in ${flags.out}\n`)
}
