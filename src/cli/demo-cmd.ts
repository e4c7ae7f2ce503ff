// `tobs demo`: the whole tool on a fresh machine: start the simulator in-process, export its world.
import { resolve } from 'node:path'
import { runDemo } from '../export/demo.ts'
import type { Split } from '../vault/paths.ts'
import { progressFor } from './output.ts'
import { jsonProgress } from './progress-json.ts'
import { mediaOptions, type MediaFlags, type OutputFlags } from './export-cmd.ts'

interface DemoFlags extends OutputFlags, MediaFlags {
  out: string
  seed: number
  messages: number
  split?: Split
}

export async function demoCommand(flags: DemoFlags): Promise<void> {
  // --json --quiet: nothing but the summary line
  const progress = flags.json && flags.quiet
    ? { ...progressFor({ quiet: true }), summary: jsonProgress().summary }
    : progressFor(flags)
  await runDemo({
    out: resolve(flags.out), seed: flags.seed, messages: flags.messages, split: flags.split ?? 'month',
    media: mediaOptions(flags),
  }, progress)
}
