// The fetch floor: the same history reading runExport does (takeout, rate controller, parallel
// shards, 100 per request, mapping to the model) with every page dropped on arrival. Its CPU per
// message is what fetching costs alone (MTProto decryption and TL decoding in mtcute, mapping), so
// the export's CPU minus this is what rendering, writing and state updates add.
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
    const cpu0 = process.cpuUsage()
    const t0 = performance.now()
    for await (const p of iterHistory(historyRpc, peers, target, { after: 0, to: 0, top: topId, expected: count, workers: concurrency })) {
      messages += p.messages.length
    }
    const cpu = process.cpuUsage(cpu0)
    const seconds = (performance.now() - t0) / 1000
    return { messages, seconds, cpu_us_per_msg: (cpu.user + cpu.system) / Math.max(messages, 1) }
  } finally {
    await takeout.finish(true)
  }
}
