// The fetch floor: the same history reading runExport does (takeout, rate controller, parallel
// shards, 100 per request, mapping to the model) with every page dropped on arrival. Its CPU per
// message is what fetching costs alone (MTProto decryption and TL decoding in mtcute, mapping), so
// the export's CPU minus this is what rendering, writing and state updates add.
import { readdirSync, readFileSync } from 'node:fs'
import { PerformanceObserver } from 'node:perf_hooks'
import type { Client } from '../src/telegram/client.ts'
import { InputPeers } from '../src/telegram/input-peers.ts'
import { ChatDirectory } from '../src/telegram/resolve.ts'
import { openTakeout } from '../src/telegram/takeout.ts'
import { getCount, type HistoryTarget } from '../src/telegram/history.ts'
import { RateController } from '../src/runtime/rate-controller.ts'
import { rpcStack } from '../src/telegram/rpc/stack.ts'
import { iterHistory } from '../src/telegram/iter-history.ts'

export interface FloorResult {
  messages: number
  seconds: number
  cpu_us_per_msg: number
  /** per thread kind (main, V8 workers, libuv...): process.cpuUsage counts GC helpers and libuv threads too */
  thread_cpu_us_per_msg: Record<string, number>
  /** main-thread GC pauses per message (wall time: a loaded machine inflates it), and full (mark-compact) collections */
  gc_us_per_msg: number
  mark_compacts: number
}

/** CPU µs of each thread of this process by its name (Linux: /proc/self/task; empty elsewhere). */
export function threadCpuUs(): Map<string, number> {
  const out = new Map<string, number>()
  let tasks: string[]
  try {
    tasks = readdirSync('/proc/self/task')
  } catch {
    return out
  }
  for (const tid of tasks) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8')
      const name = tid === String(process.pid) ? 'main' : stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replace(/\d+$/, '').trim()
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      // utime and stime are fields 14 and 15 of the line, in clock ticks of 10 ms
      out.set(name, (out.get(name) ?? 0) + (Number(fields[11]) + Number(fields[12])) * 10_000)
    } catch {
      // the thread ended meanwhile
    }
  }
  return out
}

/** CPU µs per message of each thread kind since `before` (a threadCpuUs() reading). */
export function threadCpuSince(before: Map<string, number>, messages: number): Record<string, number> {
  const n = Math.max(messages, 1)
  return Object.fromEntries([...threadCpuUs()].map(([k, us]) => [k, Math.round((10 * (us - (before.get(k) ?? 0))) / n) / 10]))
}

/** Sums main-thread GC pauses while it runs. */
function watchGc() {
  let ms = 0
  let full = 0
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      ms += e.duration
      if (((e as { detail?: unknown }).detail as { kind?: number } | undefined)?.kind === 4) full++ // NODE_PERFORMANCE_GC_MAJOR
    }
  })
  obs.observe({ entryTypes: ['gc'] })
  return { stop: () => { obs.disconnect(); return { ms, full } } }
}

export async function runFetchFloor(client: Client, selfId: number, username: string, concurrency: number): Promise<FloorResult> {
  const takeout = await openTakeout(client, { users: true, chats: true, megagroups: true, channels: true })
  try {
    const peers = new InputPeers()
    peers.selfId = selfId
    const { rpc, historyRpc } = rpcStack(client, { takeoutId: takeout.id, control: RateController.forHistory(concurrency) })
    const directory = new ChatDirectory(rpc, peers)
    const d = await directory.resolve({ by: 'username', username }, `@${username}`)
    const target: HistoryTarget = { peer: directory.inputPeer(d), chatId: d.chat.id, forum: d.chat.kind === 'forum' }
    const { count, topId } = await getCount(rpc, target)
    let messages = 0
    const gc = watchGc()
    const threads0 = threadCpuUs()
    const cpu0 = process.cpuUsage()
    const t0 = performance.now()
    for await (const p of iterHistory(historyRpc, peers, target, { after: 0, to: 0, top: topId, expected: count, workers: concurrency })) {
      messages += p.messages.length
    }
    const cpu = process.cpuUsage(cpu0)
    const threads = threadCpuSince(threads0, messages)
    const seconds = (performance.now() - t0) / 1000
    const gcs = gc.stop()
    const n = Math.max(messages, 1)
    return {
      messages, seconds, cpu_us_per_msg: (cpu.user + cpu.system) / n,
      thread_cpu_us_per_msg: threads,
      gc_us_per_msg: (gcs.ms * 1000) / n, mark_compacts: gcs.full,
    }
  } finally {
    await takeout.finish(true)
  }
}
