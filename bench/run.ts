// `npm run bench -- --profile seed|strict|fast|processing|media [--messages N] [--concurrency K] [--json]`: exports the
// simulator's forum with runExport, runs the peers' strategies against the same simulator (the
// original TOBS's sequential 75, Telegram Desktop's sequential 100, tdl's 100 every 500 ms), and
// prints one JSON line (DESIGN.md section 4). The simulator runs in a child process so CPU and memory
// figures belong to the exporting process alone.
import { fork, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { Session } from 'node:inspector/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { connect } from '../src/telegram/connect.ts'
import { runExport } from '../src/export/run-export.ts'
import { RunMeter } from '../src/export/meter.ts'
import type { Progress } from '../src/export/progress.ts'
import type { ServerCounters } from '../src/sim/types.ts'
import { PEERS, runBaseline, type BaselineResult, type PeerStrategy } from './baseline.ts'
import { runProcessingBench } from './processing.ts'
import { runFetchFloor, threadCpuSince, threadCpuUs, type FloorResult } from './fetch-floor.ts'
import { ceilingMsgPerS, knobsOf, PROFILES, worldMessagesFor, type Profile } from './profiles.ts'
import type { ChildMessage, ParentMessage } from './sim-child.ts'
import { runMediaBench } from './media.ts'

const DEFAULT_CONCURRENCY = 8 // runExport's own default
const FLOOD_WINDOW_S = 10

const { values: args } = parseArgs({
  options: {
    profile: { type: 'string', default: 'seed' },
    messages: { type: 'string' },
    concurrency: { type: 'string' },
    'baseline-messages': { type: 'string' },
    // tdl's strategy reads at most 200 msg/s: a smaller slice keeps its pass near 15 s
    'tdl-messages': { type: 'string', default: '3000' },
    // the fetch-only pass (default: on for the fast profile, whose point is processing cost)
    floor: { type: 'boolean' },
    seed: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
    // --profile media: the link model (bench/media.ts)
    'link-mb': { type: 'string', default: '8' },
    'conn-mb': { type: 'string', default: '1.5' },
    'rtt-ms': { type: 'string', default: '95' },
    'peer-seconds': { type: 'string', default: '12' },
    // a V8 CPU profile of the export alone (not the peers or the floor), for chrome://inspect or bench/profile-top.ts
    'cpu-prof': { type: 'string' },
    // the export (and the floor) alone, for profiling: the peers' fields print as null
    'skip-peers': { type: 'boolean', default: false },
    // the fetch floor alone (no export, no peers), --cpu-prof profiling it: the fetch lane's loop
    'floor-only': { type: 'boolean', default: false },
    // with --floor-only: a sampling heap profile of what the floor allocates (`promoted`: only what
    // survived the young generation, the old-space churn behind mark-compacts; `all`: everything)
    'heap-prof': { type: 'string' },
    'heap-prof-kind': { type: 'string', default: 'promoted' },
  },
})

const log = (line: string) => process.stderr.write(`${line}\n`)

type Counted = ServerCounters & { cpuUs: number }

/** The simulator child: started, asked for counters, closed. */
class SimChild {
  private readonly pending = new Map<number, (c: Counted) => void>()
  private nextId = 1
  private constructor(readonly proc: ChildProcess) {
    proc.on('message', (m: ChildMessage) => {
      if (m.type === 'counters') {
        this.pending.get(m.id)?.({ ...m.counters, cpuUs: m.cpuUs })
        this.pending.delete(m.id)
      }
    })
  }

  static async start(p: Profile, forumMessages: number, seed: number) {
    // child stdout goes to our stderr: stdout carries the JSON line only
    // compiled (dist/bench/run.js) the child is sim-child.js; run from source it goes through tsx
    const compiled = import.meta.url.endsWith('.js')
    const script = new URL(compiled ? './sim-child.js' : './sim-child.ts', import.meta.url)
    const proc = fork(script, [], { execArgv: compiled ? [] : ['--import', 'tsx'], stdio: ['ignore', 2, 2, 'ipc'] })
    const child = new SimChild(proc)
    const ready = within(180_000, 'the simulator child did not start', new Promise<Extract<ChildMessage, { type: 'ready' }>>((resolve, reject) => {
      proc.on('message', (m: ChildMessage) => {
        if (m.type === 'ready') resolve(m)
        if (m.type === 'error') reject(new Error(`simulator child: ${m.message}`))
      })
      proc.once('exit', (code) => reject(new Error(`simulator child exited (${code})`)))
    }))
    child.send({ type: 'start', seed, messages: worldMessagesFor(forumMessages), knobs: knobsOf(p) })
    return { child, ready: await ready }
  }

  send(m: ParentMessage): void {
    this.proc.send(m)
  }

  counters(): Promise<Counted> {
    const id = this.nextId++
    const answer = new Promise<Counted>((resolve) => this.pending.set(id, resolve))
    this.send({ type: 'counters', id })
    return within(10_000, 'the simulator child did not answer', answer)
  }

  async close(): Promise<void> {
    if (this.proc.exitCode !== null) return
    const exited = new Promise((r) => this.proc.once('exit', r))
    this.send({ type: 'close' })
    await within(5_000, 'close', exited).catch(() => this.proc.kill('SIGKILL'))
  }
}

function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} within ${ms / 1000}s`)), ms) })
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer))
}

/** Progress on stderr every two seconds. */
function stderrProgress(label: string, t0: number): Progress {
  let last = 0
  return {
    chatStarted: (p) => log(`${label}: ${p.title} (${p.total ?? '?'} messages)`),
    chatAdvanced(p) {
      const t = performance.now()
      if (t - last < 2000) return
      last = t
      const s = (t - t0) / 1000
      const mem = process.memoryUsage()
      const mb = (n: number) => Math.round(n / 2 ** 20)
      log(`${label}: ${p.done}/${p.total ?? '?'} in ${s.toFixed(1)} s (${Math.round(p.done / s)} msg/s) rss ${mb(mem.rss)} MB, heap ${mb(mem.heapUsed)}/${mb(mem.heapTotal)}, external ${mb(mem.external)}, buffers ${mb(mem.arrayBuffers)}`)
    },
    chatFinished: (p) => log(`${label}: ${p.done} messages written`),
    takeoutDelay: () => {},
    media: () => {},
    processing: () => {},
    warn: (w) => log(`${label}: warning: ${w}`),
    summary: () => {},
  }
}

/** Starts V8's sampling profiler in this process; stop() returns the profile (the .cpuprofile format). */
async function startProfile(): Promise<{ stop: () => Promise<object> }> {
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.setSamplingInterval', { interval: 200 })
  await session.post('Profiler.start')
  return {
    stop: async () => {
      const { profile } = await session.post('Profiler.stop')
      session.disconnect()
      return profile
    },
  }
}

/**
 * `--floor-only`: the fetch floor in a fresh process, twice: the first pass also pays for compiling
 * the code (V8's background compiler threads count in its CPU), the second is warm, as the floor
 * after the export is. Profiles cover the second pass.
 */
async function floorOnly(conn: { client: Parameters<typeof runFetchFloor>[0]; selfId: number }, username: string, concurrency: number): Promise<void> {
  const cold = await runFetchFloor(conn.client, conn.selfId, username, concurrency)
  log(`fetch floor (cold): ${cold.messages} messages in ${cold.seconds.toFixed(2)} s, ${cold.cpu_us_per_msg.toFixed(1)} µs CPU each`)
  await new Promise((r) => setTimeout(r, 1100))
  const profiler = args['cpu-prof'] ? await startProfile() : undefined
  const heap = args['heap-prof'] ? await startHeapSampling(args['heap-prof-kind'] === 'all') : undefined
  const floor = await runFetchFloor(conn.client, conn.selfId, username, concurrency)
  if (profiler) await writeFile(args['cpu-prof']!, JSON.stringify(await profiler.stop()))
  if (heap) await writeFile(args['heap-prof']!, JSON.stringify(await heap.stop()))
  log(`fetch floor: ${floor.messages} messages in ${floor.seconds.toFixed(2)} s, ${floor.cpu_us_per_msg.toFixed(1)} µs CPU each`)
  const result = {
    profile: args.profile, concurrency, ...floor, msg_per_s: round(floor.messages / floor.seconds, 1),
    cold_cpu_us_per_msg: round(cold.cpu_us_per_msg, 2), cold_thread_cpu_us_per_msg: cold.thread_cpu_us_per_msg,
  }
  process.stdout.write(`${JSON.stringify(result)}\n`)
}

/** V8's sampling heap profiler (the .heapprofile format); `all` keeps objects young GCs collected too. */
async function startHeapSampling(all: boolean): Promise<{ stop: () => Promise<object> }> {
  const session = new Session()
  session.connect()
  await session.post('HeapProfiler.enable')
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: all,
  })
  return {
    stop: async () => {
      const { profile } = await session.post('HeapProfiler.stopSampling')
      session.disconnect()
      return profile
    },
  }
}

const round = (n: number, d: number) => Math.round(n * 10 ** d) / 10 ** d

async function main(): Promise<void> {
  if (args.profile === 'processing') return runProcessingBench(args)
  if (args.profile === 'media') {
    return runMediaBench({
      linkMb: Number(args['link-mb']), connMb: Number(args['conn-mb']), rttMs: Number(args['rtt-ms']),
      messages: Number(args.messages ?? 600), seed: Number(args.seed), peerSeconds: Number(args['peer-seconds']), json: args.json,
    })
  }
  const profile = PROFILES[args.profile]
  if (!profile) throw new Error(`unknown profile ${args.profile}; one of ${Object.keys(PROFILES).join(', ')}`)
  const messages = Number(args.messages ?? profile.messages)
  const concurrency = Number(args.concurrency ?? DEFAULT_CONCURRENCY)
  const baselineMessages = Math.min(messages, Number(args['baseline-messages'] ?? profile.baselineMessages))
  const ceiling = ceilingMsgPerS(profile, concurrency)
  log(`bench ${profile.name}: forum of ~${messages} messages, R = ${profile.roundTripMs} ms, L = ${profile.hiddenLimit ?? 'none'}/s, k = ${concurrency}, ceiling ${Math.round(ceiling)} msg/s`)

  const { child, ready } = await SimChild.start(profile, messages, Number(args.seed))
  const dirs: string[] = []
  try {
    log(`simulator up (pid ${child.proc.pid}), forum @${ready.forum.username} holds ${ready.forum.count} messages`)
    const meter = new RunMeter()
    const conn = await connect({ kind: 'sim', session: ready.session }, { onFloodWait: meter.onFloodWait })
    try {
      if (args['floor-only']) return await floorOnly(conn, ready.forum.username, concurrency)
      // --- the export under test ---
      const out = await mkdtemp(join(tmpdir(), 'tobs-bench-'))
      dirs.push(out)
      const start = await child.counters() // also a round trip through the child before timing starts
      child.send({ type: 'reset' })
      const rssBefore = process.memoryUsage.rss()
      let peakRss = rssBefore
      const rssTimer = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage.rss()) }, 100)
      let floodAt10: Promise<number> | undefined
      const floodTimer = setTimeout(() => { floodAt10 = child.counters().then((c) => c.floodWaits) }, FLOOD_WINDOW_S * 1000)
      // a bound on the whole run: five times the ceiling's time, and never under two minutes
      const signal = AbortSignal.timeout(Math.round(Math.max(120, (5 * messages) / ceiling) * 1000))
      const profiler = args['cpu-prof'] ? await startProfile() : undefined
      const threads0 = threadCpuUs()
      const cpu0 = process.cpuUsage()
      const t0 = performance.now()
      const summary = await runExport({
        targets: [`@${ready.forum.username}`], out, split: 'month', takeout: true, media: false, concurrency,
      }, { client: conn.client, selfId: conn.selfId, meter, signal, progress: stderrProgress('export', t0) })
      const seconds = (performance.now() - t0) / 1000
      const cpu = process.cpuUsage(cpu0)
      const threadCpu = threadCpuSince(threads0, summary.messages)
      if (profiler) await writeFile(args['cpu-prof']!, JSON.stringify(await profiler.stop()))
      clearInterval(rssTimer)
      clearTimeout(floodTimer)
      peakRss = Math.max(peakRss, process.memoryUsage.rss(), summary.peak_rss_mb * 2 ** 20)
      const end = await child.counters()
      const floodWaitsAt10 = floodAt10 ? await floodAt10 : end.floodWaits
      const exported = summary.messages
      const msgPerS = exported / seconds
      log(`export: ${exported} messages in ${seconds.toFixed(2)} s, ${end.calls['messages.getHistory'] ?? 0} getHistory, ${end.floodWaits} flood waits`)

      // --- the peers, after the export so their memory and CPU stay out of the figures above ---
      const runPeer = async (name: string, strategy: PeerStrategy, count: number): Promise<BaselineResult> => {
        const peerOut = await mkdtemp(join(tmpdir(), `tobs-bench-${name}-`))
        dirs.push(peerOut)
        await new Promise((r) => setTimeout(r, 1100)) // let the server's one-second rate window empty
        const b0 = performance.now()
        let lastLog = 0
        const r = await runBaseline({
          client: conn.client, selfId: conn.selfId, target: `@${ready.forum.username}`, messages: count, out: peerOut,
          deadlineMs: 300_000, strategy,
          onPage: (done) => {
            const t = performance.now()
            if (t - lastLog < 2000) return
            lastLog = t
            log(`${name}: ${done}/${count} (${Math.round(done / ((t - b0) / 1000))} msg/s)`)
          },
        })
        log(`${name}: ${r.messages} messages in ${r.seconds} s, ${r.requests} requests`)
        return r
      }
      const skipped: BaselineResult = { messages: 0, seconds: 0, msg_per_s: NaN, requests: 0 }
      const peer = (name: string, strategy: PeerStrategy, count: number) => (args['skip-peers'] ? skipped : runPeer(name, strategy, count))
      const base = await peer('baseline', PEERS.baseline, baselineMessages)
      const desktop = await peer('desktop', PEERS.desktop, baselineMessages)
      const tdl = await peer('tdl', PEERS.tdl, Math.min(messages, Number(args['tdl-messages'])))

      let floor: FloorResult | undefined
      if (args.floor ?? profile.name === 'fast') {
        await new Promise((r) => setTimeout(r, 1100))
        floor = await runFetchFloor(conn.client, conn.selfId, ready.forum.username, concurrency)
        log(`fetch floor: ${floor.messages} messages in ${floor.seconds.toFixed(2)} s, ${floor.cpu_us_per_msg.toFixed(1)} µs CPU each`)
      }
      const cpuPerMsg = (cpu.user + cpu.system) / Math.max(exported, 1)

      const result = {
        profile: profile.name,
        messages: exported,
        seconds: round(seconds, 3),
        msg_per_s: round(msgPerS, 1),
        ceiling_msg_per_s: round(ceiling, 1),
        fraction_of_ceiling: round(msgPerS / ceiling, 3),
        baseline_msg_per_s: base.msg_per_s,
        speedup_vs_baseline: round(msgPerS / Math.max(base.msg_per_s, 1e-9), 2),
        // Telegram Desktop's export: sequential, 100 per request, oldest first
        desktop_msg_per_s: desktop.msg_per_s,
        speedup_vs_desktop: round(msgPerS / Math.max(desktop.msg_per_s, 1e-9), 2),
        // tdl: 100 per page, one request every 500 ms
        tdl_msg_per_s: tdl.msg_per_s,
        speedup_vs_tdl: round(msgPerS / Math.max(tdl.msg_per_s, 1e-9), 2),
        flood_waits: end.floodWaits,
        flood_waits_after_10s: end.floodWaits - floodWaitsAt10,
        flood_waits_after_10s_per_100k: round(((end.floodWaits - floodWaitsAt10) * 100_000) / Math.max(exported, 1), 2),
        requests: summary.requests,
        peak_rss_mb: round(peakRss / 2 ** 20, 1),
        // the client connected and idle, before the export: what the export itself adds is the rest
        rss_before_mb: round(rssBefore / 2 ** 20, 1),
        cpu_us_per_msg: round(cpuPerMsg, 2),
        // the same by thread: main, and V8's helpers (GC, optimizing compiler) and libuv's
        thread_cpu_us_per_msg: threadCpu,
        // fetching alone (same reading, pages dropped), and what rendering, writing and state add to it
        fetch_cpu_us_per_msg: floor ? round(floor.cpu_us_per_msg, 2) : null,
        processing_cpu_us_per_msg: floor ? round(cpuPerMsg - floor.cpu_us_per_msg, 2) : null,
        // issue 10's goals for the fast profile, printed beside the figures they judge
        goal_cpu_us_per_msg: profile.name === 'fast' ? 25 : null,
        goal_processing_cpu_us_per_msg: profile.name === 'fast' ? 10 : null,
        // context, so a line read alone says what was measured
        forum_messages: ready.forum.count,
        round_trip_ms: profile.roundTripMs,
        hidden_limit: profile.hiddenLimit ?? null,
        concurrency,
        get_history_calls: end.calls['messages.getHistory'] ?? 0,
        peak_in_flight: end.peakInFlightByMethod['messages.getHistory'] ?? 0,
        client_flood_waits: summary.flood_waits,
        // near 1.0 the simulator, not the exporter, is the bottleneck (2 cores here)
        sim_cpu_share: round((end.cpuUs - start.cpuUs) / 1e6 / seconds, 2),
        notes_written: summary.notes_written,
        baseline_messages: base.messages,
        baseline_requests: base.requests,
        desktop_messages: desktop.messages,
        tdl_messages: tdl.messages,
      }
      if (!args.json) log(JSON.stringify(result, null, 2))
      process.stdout.write(`${JSON.stringify(result)}\n`)
    } finally {
      await conn.close()
    }
  } finally {
    await child.close()
    for (const d of dirs) await rm(d, { recursive: true, force: true })
  }
}

// after a failure, requests still in flight reject once the client closes: not the error to report
process.on('unhandledRejection', (e) => log(`(after the failure) ${(e as Error)?.message ?? e}`))

main().then(
  () => process.exit(0),
  (e: unknown) => {
    log(`bench failed: ${(e as Error)?.stack ?? e}`)
    process.exit(1)
  },
)
