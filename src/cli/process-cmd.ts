// `tobs process`: the pending processing jobs of a vault, without Telegram.
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { loadConfig, type Config } from '../config/config.ts'
import { runProcess } from '../export/run-process.ts'
import { splitOption } from './flags.ts'
import type { Io } from './io.ts'
import { interruptible } from './interrupt.ts'
import { processFlags, processSpec, type ProcessFlags } from './process-flags.ts'

interface Flags extends ProcessFlags { out: string; split?: Config['split']; json?: boolean }

export function processCommand(program: Command, io: Io): void {
  processFlags(program.command('process')
    .description('run the processing jobs a vault has pending (a stopped run, tools installed since), without Telegram')
    .requiredOption('--out <dir>', 'vault folder')
    .addOption(splitOption())
    .option('--json', 'print the summary as one JSON line'))
    .action((flags: Flags) => run(flags, io))
}

async function run(flags: Flags, io: Io): Promise<void> {
  const config = loadConfig({ split: flags.split }, io.env, io.cwd)
  // pending jobs say which step they are; a step's own flags only change how it is done
  const spec = processSpec(flags) ?? {}
  // Ctrl-C: running jobs stay pending for the rerun; the notes of finished ones are written
  const r = await interruptible(io, (stop) => runProcess({
    out: resolve(io.cwd, flags.out), split: config.split, timeZone: config.timeZone,
    spec: {
      optimizeImages: spec.optimizeImages ?? {}, transcode: spec.transcode ?? {},
      transcribe: spec.transcribe ?? { engine: 'pocketsphinx' }, keepOriginals: spec.keepOriginals, workers: spec.workers,
    },
    env: io.env, warn: (l) => io.stderr.write(`${l}\n`), signal: stop.signal,
  }))
  if (flags.json) io.stdout.write(JSON.stringify({ jobs: r.pending, notes_written: r.notes, ...r.summary }) + '\n')
  else io.stderr.write(`processed ${r.pending} pending jobs, rewrote ${r.notes} notes\n`)
}
