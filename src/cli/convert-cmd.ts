// `tobs convert`: a Telegram Desktop export (folder or result.json) into the vault.
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { loadConfig, type Config } from '../config/config.ts'
import { runConvert } from '../export/run-convert.ts'
import { mediaFlags, mediaOptions, outputFlags, splitOption, tzOption, type MediaFlags, type OutputFlags } from './flags.ts'
import type { Io } from './io.ts'
import { interruptible } from './interrupt.ts'
import { indexAfterRun, progressFor } from './output.ts'

interface ConvertFlags extends OutputFlags, MediaFlags {
  out: string
  split?: Config['split']
  tz?: string
}

export function convertCommand(program: Command, io: Io): void {
  const cmd = program.command('convert')
    .description('convert a Telegram Desktop export (folder or result.json) into the vault')
    .argument('<export>', 'export folder or its result.json')
    .requiredOption('--out <dir>', 'vault folder')
    .addOption(splitOption())
    .addOption(tzOption())
  mediaFlags(outputFlags(cmd)).action((input: string, flags: ConvertFlags) => runConvertCommand(input, flags, io))
}

async function runConvertCommand(input: string, flags: ConvertFlags, io: Io): Promise<void> {
  const config = loadConfig({ split: flags.split, timeZone: flags.tz }, io.env, io.cwd)
  const out = resolve(io.cwd, flags.out)
  // Ctrl-C: the batch under way is stored, notes of finished periods stay whole; a rerun converts again
  await interruptible(io, async (stop) => {
    await runConvert({
      input: resolve(io.cwd, input), out, split: config.split, timeZone: config.timeZone,
      media: mediaOptions(flags, out), signal: stop.signal,
    }, progressFor(flags, io))
    indexAfterRun(out, flags, io)
  })
}
