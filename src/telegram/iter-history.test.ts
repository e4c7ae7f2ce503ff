// iterHistory against the simulator over TCP with the real mtcute client.
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator } from '../sim/simulator.ts'
import { RateController } from '../runtime/rate-controller.ts'
import { connect, type Connected } from './connect.ts'
import { getCount, type HistoryTarget } from './history.ts'
import { InputPeers } from './input-peers.ts'
import { iterHistory } from './iter-history.ts'
import { ChatDirectory } from './resolve.ts'
import { rpcStack, type RpcStack } from './rpc/stack.ts'

describe('iterHistory', () => {
  let sim: Simulator
  let conn: Connected
  let stack: RpcStack
  let target: HistoryTarget
  let top: number
  let ids: number[]
  const peers = new InputPeers()

  beforeAll(async () => {
    sim = await startSimulator({ seed: 9, messages: 8000, knobs: { latencyMs: { 2: 3 } } })
    conn = await connect({ kind: 'sim', session: sim.session })
    peers.selfId = conn.selfId
    stack = rpcStack(conn.client, { control: RateController.forHistory(4) })
    const directory = new ChatDirectory(stack.rpc, peers)
    const chat = [...sim.world.chats].sort((a, b) => [...sim.world.ids(b.id)].length - [...sim.world.ids(a.id)].length)
      .find((c) => c.username)!
    const d = await directory.resolve({ by: 'username', username: chat.username! }, chat.username!)
    target = { peer: directory.inputPeer(d), chatId: d.chat.id, forum: d.chat.kind === 'forum' }
    top = (await getCount(stack.rpc, target)).topId
    ids = [...sim.world.ids(chat.id)]
  })
  afterAll(async () => {
    await conn?.close()
    await sim?.close()
  })

  it('yields every message of the window once, several pages in flight, each page ascending', async () => {
    expect(ids.length).toBeGreaterThan(1000)
    const seen: number[] = []
    const before = sim.counters().calls['messages.getHistory'] ?? 0
    for await (const page of iterHistory(stack.historyRpc, peers, target, { after: 0, to: 0, top, workers: 4, expected: ids.length })) {
      const pageIds = page.messages.map((m) => m.id)
      expect(pageIds).toEqual([...pageIds].sort((a, b) => a - b))
      seen.push(...pageIds)
    }
    expect(seen.sort((a, b) => a - b)).toEqual(ids)
    expect((sim.counters().calls['messages.getHistory'] ?? 0) - before).toBeLessThan(ids.length / 100 + 10)
  })

  it('stops its readers when the consumer stops early', async () => {
    const before = sim.counters().calls['messages.getHistory'] ?? 0
    let pages = 0
    for await (const _ of iterHistory(stack.historyRpc, peers, target, { after: 0, to: 0, top, workers: 4 })) {
      if (++pages === 3) break
    }
    // the loop returned only after the readers settled: no request goes out after it
    const after = sim.counters().calls['messages.getHistory'] ?? 0
    await new Promise((r) => setTimeout(r, 100))
    expect(sim.counters().calls['messages.getHistory']).toBe(after)
    // three pages taken, at most one request per worker besides them
    expect(after - before).toBeLessThanOrEqual(3 + 4 + 1)
  })

  it('lets the worker of the page in hand go when the consumer throws (a full disk hung the export, issue 16)', async () => {
    let pages = 0
    const consume = async () => {
      // one reader: no other worker's stop can end the reading while this one waits on its hand-off
      for await (const _ of iterHistory(stack.historyRpc, peers, target, { after: 0, to: 0, top, workers: 1 })) {
        if (++pages === 3) throw new Error('database or disk is full')
      }
    }
    const hung = new Promise<string>((r) => setTimeout(() => r('hung'), 5000).unref())
    // the error comes out only once the generator's finally has seen every reader settle
    expect(await Promise.race([consume().then(() => 'returned', (e: Error) => e.message), hung])).toBe('database or disk is full')
    expect(pages).toBe(3)
  })

  it('lets go of the pages the consumer is done with while the reading goes on (issue 10)', async () => {
    setFlagsFromString('--expose-gc')
    const gc = runInNewContext('gc') as () => void
    let pages = 0
    let early: WeakRef<object> | undefined
    let collected: boolean | undefined
    for await (const page of iterHistory(stack.historyRpc, peers, target, { after: 0, to: 0, top, workers: 4, expected: ids.length })) {
      pages++
      if (pages === 3) early = new WeakRef(page.messages)
      if (pages === 12) {
        await new Promise((r) => setImmediate(r))
        gc()
        collected = early!.deref() === undefined
      }
    }
    expect(pages).toBeGreaterThan(12)
    // a listener per page on the reader's stop signal held every page until the reading ended
    expect(collected).toBe(true)
  })
})
