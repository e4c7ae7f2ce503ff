// `tobs process`: the pending processing jobs of a vault, without Telegram.
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { loadConfig, type Config } from '../config/config.ts'
import { runProcess } from '../export/run-process.ts'
import { splitOption } from './flags.ts'
import type { Progress } from '../export/progress.ts'
import type { Io } from './io.ts'
import { interruptible } from './interrupt.ts'
import { processFlags, processSpec, type ProcessFlags } from './process-flags.ts'
import { jsonProgress } from './progress-json.ts'
import { ttyProgress } from './progress-tty.ts'

interface Flags extends ProcessFlags { out: string; split?: Config['split']; json?: boolean }

export function processCommand(program: Command, io: Io): void {
  processFlags(program.command('process')
    .description('run the processing jobs a vault has pending (a stopped run, tools installed since), without Telegram')
    .requiredOption('--out <dir>', 'vault folder')
    .addOption(splitOption())
    .option('--json', 'JSON lines: progress events, then the summary as the last line'))
    .action((flags: Flags) => run(flags, io))
}

async function run(flags: Flags, io: Io): Promise<void> {
  const config = loadConfig({ split: flags.split }, io.env, io.cwd)
  // pending jobs say which step they are; a step's own flags only change how it is done
  const spec = processSpec(flags) ?? {}
  const show = display(flags, io)
  // Ctrl-C: running jobs stay pending for the rerun; the notes of finished ones are written
  const r = await interruptible(io, (stop) => runProcess({
    out: resolve(io.cwd, flags.out), split: config.split, timeZone: config.timeZone,
    spec: {
      optimizeImages: spec.optimizeImages ?? {}, transcode: spec.transcode ?? {},
      transcribe: spec.transcribe ?? { engine: 'pocketsphinx' }, keepOriginals: spec.keepOriginals, workers: spec.workers,
    },
    env: io.env, warn: show.warn, progress: show.processing, signal: stop.signal,
  }))
  if (flags.json) io.stdout.write(JSON.stringify({ jobs: r.pending, notes_written: r.notes, ...r.summary }) + '\n')
  else io.stderr.write(`processed ${r.pending} pending jobs, rewrote ${r.notes} notes\n`)
}

/** The processing line on a terminal, as export shows it; JSON lines on stdout when piped or --json. */
function display(flags: Flags, io: Io): Pick<Progress, 'processing' | 'warn'> {
  const stderrLine = (l: string) => void io.stderr.write(`${l}\n`)
  if (flags.json || !io.stdout.isTTY) return { processing: jsonProgress((l) => io.stdout.write(l + '\n')).processing, warn: stderrLine }
  const tty = ttyProgress(io.stderr, io.env)
  return { processing: (t) => tty.processing(t), warn: (l) => tty.warn(l) }
}
