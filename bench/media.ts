// The media benchmark (`npm run bench -- --profile media --json`): the simulator in its own process
// behind a link model (round trip, a per-account cap on the media DC shared by its connections, a
// smaller per-connection cap), a few hundred MB of realistic media with shared content; tobs exports
// it with its defaults, then the peers' download strategies run against the same link for a while
// each. Prints one JSON line (issue 11, DESIGN.md section 4).
import { fork } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Long from 'long'
import { connect } from '../src/telegram/connect.ts'
import type { Client } from '../src/telegram/client.ts'
import { runExport } from '../src/export/run-export.ts'
import { RunMeter } from '../src/export/meter.ts'
import { silentProgress } from '../src/export/progress.ts'
import { ALL_FILE_KINDS } from '../src/media/queue.ts'
import { defaultMediaWorkers } from '../src/media/workers.ts'
import { createWorld } from '../src/sim/world/index.ts'
import { fileReference } from '../src/sim/handlers/tl-message.ts'
import { worldFiles } from '../src/sim/world/files.ts'
import type { SimFile, World } from '../src/sim/world/types.ts'
import type { ServerCounters } from '../src/sim/types.ts'
import type { ChildMessage, ParentMessage } from './sim-child.ts'

export interface MediaBenchOptions {
  linkMb: number
  connMb: number
  rttMs: number
  messages: number
  seed: number
  peerSeconds: number
  json: boolean
}

const MB = 1_000_000
const MEDIA_DC = 4
const log = (line: string) => process.stderr.write(`${line}\n`)
const round = (n: number, d: number) => Math.round(n * 10 ** d) / 10 ** d

/** A peer's download strategy, as DESIGN.md section 4 describes it. */
interface Strategy { name: string; partSize: number; partsInFlight: number; filesAtOnce: number }
const PEERS: Strategy[] = [
  { name: 'desktop', partSize: 128 * 1024, partsInFlight: 1, filesAtOnce: 1 },
  { name: 'tdl', partSize: 1024 * 1024, partsInFlight: 4, filesAtOnce: 2 },
  { name: 'tobs_original', partSize: 512 * 1024, partsInFlight: 1, filesAtOnce: 1 },
]

function startChild(o: MediaBenchOptions) {
  const compiled = import.meta.url.endsWith('.js')
  const script = new URL(compiled ? './sim-child.js' : './sim-child.ts', import.meta.url)
  const proc = fork(script, [], { execArgv: compiled ? [] : ['--import', 'tsx'], stdio: ['ignore', 2, 2, 'ipc'] })
  const send = (m: ParentMessage) => proc.send(m)
  let next = 1
  const waiting = new Map<number, (c: ServerCounters) => void>()
  const ready = new Promise<Extract<ChildMessage, { type: 'ready' }>>((resolve, reject) => {
    proc.on('message', (m: ChildMessage) => {
      if (m.type === 'ready') resolve(m)
      if (m.type === 'error') reject(new Error(`simulator child: ${m.message}`))
      if (m.type === 'counters') waiting.get(m.id)?.(m.counters)
    })
    proc.once('exit', (code) => reject(new Error(`simulator child exited (${code})`)))
  })
  send({
    type: 'start', seed: o.seed, messages: o.messages, fileSizes: 'bench',
    knobs: { latencyMs: { 2: o.rttMs, [MEDIA_DC]: o.rttMs }, bytesPerSecond: o.connMb * MB, linkBytesPerSecond: o.linkMb * MB, mediaDc: MEDIA_DC },
  })
  return {
    ready,
    counters: () => new Promise<ServerCounters>((resolve) => {
      const id = next++
      waiting.set(id, resolve)
      send({ type: 'counters', id })
    }),
    reset: () => send({ type: 'reset' }),
    close: () => new Promise<void>((resolve) => {
      proc.once('exit', () => resolve())
      send({ type: 'close' })
      setTimeout(() => proc.kill('SIGKILL'), 5000).unref()
    }),
  }
}


/** Runs one peer's strategy over the files for `seconds`; returns bytes per second. */
async function runPeer(tg: Client, world: World, files: SimFile[], s: Strategy, seconds: number): Promise<number> {
  const t0 = performance.now()
  const deadline = t0 + seconds * 1000
  let bytes = 0
  let nextFile = 0
  const fileWorker = async () => {
    while (nextFile < files.length && performance.now() < deadline) {
      const f = files[nextFile++]!
      const location = {
        _: f.photo ? 'inputPhotoFileLocation' : 'inputDocumentFileLocation', id: Long.fromString(f.fileId),
        accessHash: Long.fromString(f.accessHash), fileReference: fileReference(world, f.fileId), thumbSize: f.photo ? 'y' : '',
      } as never
      let offset = 0
      const partWorker = async () => {
        while (offset < f.size && performance.now() < deadline) {
          const at = offset
          offset += s.partSize
          const res = await tg.call({ _: 'upload.getFile', location, offset: at, limit: s.partSize }, { dcId: f.dcId, kind: 'download' })
          if (res._ === 'upload.file') bytes += res.bytes.length
        }
      }
      await Promise.all(Array.from({ length: s.partsInFlight }, partWorker))
    }
  }
  await Promise.all(Array.from({ length: s.filesAtOnce }, fileWorker))
  return bytes / ((performance.now() - t0) / 1000)
}

/**
 * TOBS_BENCH_TRACE=1: the link's use over time on stderr (MB/s served per half second, and when each
 * chat starts and ends), to find where it idles.
 */
function traceLink(counters: () => Promise<ServerCounters>, t0: number) {
  const at = () => round((performance.now() - t0) / 1000, 1)
  let last = { bytes: 0, t: performance.now() }
  let queued = 0
  const timer = setInterval(() => {
    void counters().then((c) => {
      const t = performance.now()
      log(`trace ${at()} s: ${round((c.fileBytes - last.bytes) / MB / ((t - last.t) / 1000), 2)} MB/s, ${queued} files queued or running`)
      last = { bytes: c.fileBytes, t }
    })
  }, 500)
  const progress: typeof silentProgress = {
    ...silentProgress,
    media: (p) => { queued = p.queued },
    chatStarted: (p) => log(`trace ${at()} s: chat ${p.title} started`),
    chatFinished: (p) => log(`trace ${at()} s: chat ${p.title} finished`),
  }
  return { progress, stop: () => clearInterval(timer) }
}

export async function runMediaBench(o: MediaBenchOptions): Promise<void> {
  const child = startChild(o)
  const ready = await child.ready
  const world = createWorld({ seed: o.seed, messages: o.messages, mediaDc: MEDIA_DC, fileSizes: 'bench' })
  const files = worldFiles(world)
  const unique = new Map(files.map((f) => [f.contentKey, f.size]))
  const uniqueBytes = [...unique.values()].reduce((a, b) => a + b, 0)
  const totalBytes = files.reduce((a, f) => a + f.size, 0)
  log(`bench media: ${files.length} files, ${round(totalBytes / MB, 1)} MB (${round(uniqueBytes / MB, 1)} MB distinct), link ${o.linkMb} MB/s, ${o.connMb} MB/s per connection, R = ${o.rttMs} ms`)
  const out = await mkdtemp(join(tmpdir(), 'tobs-bench-media-'))
  const meter = new RunMeter()
  const conn = await connect({ kind: 'sim', session: ready.session }, { onFloodWait: meter.onFloodWait })
  try {
    const workers = defaultMediaWorkers(out)
    child.reset()
    const t0 = performance.now()
    const trace = process.env.TOBS_BENCH_TRACE ? traceLink(child.counters, t0) : undefined
    const summary = await runExport({
      targets: [], kinds: ['channel', 'group', 'supergroup', 'forum', 'private', 'saved', 'bot'], out, split: 'month', takeout: true,
      media: { concurrency: workers, maxSize: 2 ** 40, kinds: new Set(ALL_FILE_KINDS) },
    }, { client: conn.client, selfId: conn.selfId, meter, progress: trace?.progress ?? silentProgress })
    trace?.stop()
    const seconds = (performance.now() - t0) / 1000
    const served = (await child.counters()).fileBytes
    const peakRss = process.resourceUsage().maxRSS * 1024
    const mbPerS = served / MB / seconds
    log(`tobs: ${round(served / MB, 1)} MB in ${round(seconds, 1)} s = ${round(mbPerS, 2)} MB/s`)
    const peers: Record<string, number> = {}
    for (const p of PEERS) {
      peers[p.name] = (await runPeer(conn.client, world, files, p, o.peerSeconds)) / MB
      log(`${p.name}: ${round(peers[p.name]!, 2)} MB/s over ${o.peerSeconds} s`)
    }
    const result = {
      profile: 'media',
      mb_per_s: round(mbPerS, 2),
      link_mb_per_s: o.linkMb,
      fraction_of_link: round(mbPerS / o.linkMb, 3),
      dedup_bytes_saved: summary.dedup_bytes_saved,
      bytes_served: served,
      unique_bytes: uniqueBytes,
      bytes_served_over_unique: round(served / uniqueBytes, 4),
      files: files.length,
      total_bytes: totalBytes,
      seconds: round(seconds, 2),
      peak_rss_mb: round(peakRss / 2 ** 20, 1),
      desktop_mb_per_s: round(peers.desktop!, 2),
      tdl_mb_per_s: round(peers.tdl!, 2),
      tobs_original_mb_per_s: round(peers.tobs_original!, 2),
      speedup_vs_desktop: round(mbPerS / peers.desktop!, 2),
      speedup_vs_tdl: round(mbPerS / peers.tdl!, 2),
      speedup_vs_tobs_original: round(mbPerS / peers.tobs_original!, 2),
      conn_mb_per_s: o.connMb,
      round_trip_ms: o.rttMs,
      media_workers: workers,
      peer_seconds: o.peerSeconds,
      media_skipped: summary.media_skipped,
    }
    if (!o.json) log(JSON.stringify(result, null, 2))
    process.stdout.write(`${JSON.stringify(result)}\n`)
  } finally {
    await conn.close()
    await child.close()
    await rm(out, { recursive: true, force: true })
  }
}
