// `npm run bench -- --profile processing [--messages N] [--json]`: the cost of media processing to
// the export (issue 12). The seed profile's link (R = 95 ms, L = 30 getHistory/s) with media on,
// exported three times from one simulator (in its own process): processing off, then image
// optimisation, transcoding and transcription all on, then off again. Prints the history rate and the
// media rate of the on run against the mean of the off runs (the ratios, and whether each meets its
// goal), then images/s of one processing worker against N on the photos the first run got.
import { fork } from 'node:child_process'
import { copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect } from '../src/telegram/connect.ts'
import { runExport } from '../src/export/run-export.ts'
import { RunMeter } from '../src/export/meter.ts'
import { silentProgress, type Progress, type Summary } from '../src/export/progress.ts'
import type { ProcessSpec } from '../src/export/processing.ts'
import { ALL_FILE_KINDS } from '../src/media/queue.ts'
import { MediaProcessor } from '../src/media/process/runner.ts'
import { IMAGE_DEFAULTS } from '../src/media/process/image.ts'
import { PoolCoordinator } from '../src/runtime/coordinator.ts'
import { StateDb } from '../src/vault/state.ts'
import { useVaultTmp } from '../src/vault/files.ts'
import { periodOf } from '../src/vault/paths.ts'
import type { SimSession } from '../src/sim/simulator.ts'
import { knobsOf, PROFILES, worldMessagesFor } from './profiles.ts'
import type { ChildMessage } from './sim-child.ts'

const log = (line: string) => process.stderr.write(`${line}\n`)
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d

interface Timed { summary: Summary; historyS: number; mediaS: number }

/** One export of the forum; history ends when the chat is finished, media at its last file. */
async function exportOnce(session: SimSession, target: string, out: string, spec: ProcessSpec | undefined): Promise<Timed> {
  const meter = new RunMeter()
  const conn = await connect({ kind: 'sim', session }, { onFloodWait: meter.onFloodWait })
  const t0 = performance.now()
  let historyEnd = 0
  let mediaEnd = 0
  const progress: Progress = {
    ...silentProgress,
    chatFinished: () => { historyEnd = performance.now() },
    media: () => { mediaEnd = performance.now() },
    warn: (w) => log(`warning: ${w}`),
  }
  try {
    const summary = await runExport({
      targets: [target], out, split: 'month', takeout: true, concurrency: 8, process: spec,
      media: { concurrency: 4, maxSize: 50 * 2 ** 20, kinds: new Set(ALL_FILE_KINDS) },
    }, { client: conn.client, selfId: conn.selfId, progress, meter })
    return { summary, historyS: (historyEnd - t0) / 1000, mediaS: (mediaEnd - t0) / 1000 }
  } finally {
    await conn.close()
  }
}

/** Images/s of `workers` processing workers on copies of `photos`. */
async function imagesPerSecond(photos: string[], workers: number): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'tobs-bench-img-'))
  const state = StateDb.open(dir)
  // temporary files go to this vault's .tobs/tmp, not to that of the last export (removed by now)
  useVaultTmp(dir)
  let proc: MediaProcessor | undefined
  try {
    await mkdir(join(dir, 'p'))
    for (const [i, p] of photos.entries()) {
      await copyFile(p, join(dir, 'p', `${i}.jpg`))
      state.messages.put({ id: i + 1, chatId: 1, date: 1_700_000_000, text: '', entities: [] })
      state.media.place(1, i + 1, `u${i}`, `p/${i}.jpg`)
    }
    const pools = new PoolCoordinator({ io: 1, processing: workers, transcription: 1 })
    proc = new MediaProcessor(state, dir, { image: IMAGE_DEFAULTS, keepOriginals: true }, pools, (_c, _t, date) => periodOf(date, 'month'), log)
    const t0 = performance.now()
    for (const [i] of photos.entries()) proc.placed(1, i + 1, `u${i}`, 'photo', `p/${i}.jpg`)
    await proc.drain()
    return photos.length / ((performance.now() - t0) / 1000)
  } finally {
    await proc?.stop()
    state.close()
    await rm(dir, { recursive: true, force: true })
  }
}

async function photosOf(vault: string, max: number): Promise<string[]> {
  const out: string[] = []
  for (const f of await readdir(vault, { recursive: true })) {
    if (f.includes('/_media/photo/') && f.endsWith('.jpg')) out.push(join(vault, f))
    if (out.length >= max) break
  }
  return out
}

export async function runProcessingBench(args: { messages?: string; seed?: string; json?: boolean }): Promise<void> {
  const profile = PROFILES.seed!
  const messages = Number(args.messages ?? 20_000)
  const compiled = import.meta.url.endsWith('.js')
  const child = fork(new URL(compiled ? './sim-child.js' : './sim-child.ts', import.meta.url), [],
    { execArgv: compiled ? [] : ['--import', 'tsx'], stdio: ['ignore', 2, 2, 'ipc'] })
  const ready = await new Promise<Extract<ChildMessage, { type: 'ready' }>>((resolve, reject) => {
    child.on('message', (m: ChildMessage) => {
      if (m.type === 'ready') resolve(m)
      if (m.type === 'error') reject(new Error(m.message))
    })
    child.send({ type: 'start', seed: Number(args.seed ?? 1), messages: worldMessagesFor(messages), knobs: knobsOf(profile) })
  })
  const dirs: string[] = []
  const vault = async () => { const d = await mkdtemp(join(tmpdir(), 'tobs-bench-proc-')); dirs.push(d); return d }
  try {
    const target = `@${ready.forum.username}`
    log(`processing bench: forum of ${ready.forum.count} messages, R = ${profile.roundTripMs} ms, L = ${profile.hiddenLimit}/s, media on`)
    const spec: ProcessSpec = { optimizeImages: {}, transcode: {}, transcribe: { engine: 'pocketsphinx' } }
    const load0 = loadavg()[0]!
    // off, on, off against one simulator: the on run is compared with the mean of the two runs around
    // it, so load that other users of the machine add or take away during the bench cancels out
    const offDir = await vault()
    const off1 = await exportOnce(ready.session, target, offDir, undefined)
    log(`processing off: history ${off1.historyS.toFixed(1)} s, media ${off1.mediaS.toFixed(1)} s`)
    const onDir = await vault()
    const on = await exportOnce(ready.session, target, onDir, spec)
    log(`processing on: history ${on.historyS.toFixed(1)} s, media ${on.mediaS.toFixed(1)} s, all done ${on.summary.seconds} s`)
    await rm(onDir, { recursive: true, force: true })
    const off2Dir = await vault()
    const off2 = await exportOnce(ready.session, target, off2Dir, undefined)
    log(`processing off again: history ${off2.historyS.toFixed(1)} s, media ${off2.mediaS.toFixed(1)} s`)
    await rm(off2Dir, { recursive: true, force: true })
    const load1 = loadavg()[0]!
    const photos = await photosOf(offDir, 60)
    const cores = availableParallelism()
    const one = await imagesPerSecond(photos, 1)
    const many = await imagesPerSecond(photos, cores)
    const rate = (t: Timed) => t.summary.messages / t.historyS
    const mb = (t: Timed) => t.summary.media_bytes / 2 ** 20 / t.mediaS
    const rateOff = (rate(off1) + rate(off2)) / 2
    const mbOff = (mb(off1) + mb(off2)) / 2
    const result = {
      profile: 'processing', messages: on.summary.messages, round_trip_ms: profile.roundTripMs, hidden_limit: profile.hiddenLimit,
      history_msg_per_s_off: round(rateOff, 1), history_msg_per_s_on: round(rate(on), 1),
      history_msg_per_s_off_runs: [round(rate(off1), 1), round(rate(off2), 1)],
      history_ratio: round(rate(on) / rateOff, 3), history_goal: 0.95, history_goal_met: rate(on) / rateOff >= 0.95,
      media_mb_per_s_off: round(mbOff), media_mb_per_s_on: round(mb(on)),
      media_mb_per_s_off_runs: [round(mb(off1)), round(mb(off2))],
      media_ratio: round(mb(on) / mbOff, 3), media_goal: 0.9, media_goal_met: mb(on) / mbOff >= 0.9,
      media_files: on.summary.media_files, seconds_with_processing: on.summary.seconds,
      processing: on.summary.processing, pools: on.summary.pools,
      images: photos.length, images_per_s_1_worker: round(one, 1), [`images_per_s_${cores}_workers`]: round(many, 1),
      image_speedup: round(many / one), cores, load_avg_start: round(load0), load_avg_end: round(load1),
    }
    if (!args.json) log(JSON.stringify(result, null, 2))
    process.stdout.write(`${JSON.stringify(result)}\n`)
  } finally {
    child.send({ type: 'close' })
    for (const d of dirs) await rm(d, { recursive: true, force: true })
  }
}
