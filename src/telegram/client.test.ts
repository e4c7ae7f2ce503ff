// The client's raw calls against the simulator over TCP: history pages skip mtcute's peer cache.
import Long from 'long'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator } from '../sim/simulator.ts'
import { RateController } from '../runtime/rate-controller.ts'
import { connect, type Connected } from './connect.ts'
import { getPageAfter, type HistoryTarget } from './history.ts'
import { InputPeers } from './input-peers.ts'
import { ChatDirectory } from './resolve.ts'
import { rpcErrorText } from './rpc.ts'
import { rpcStack, type RpcStack } from './rpc/stack.ts'

describe('uncachedCall (history pages)', () => {
  let sim: Simulator
  let conn: Connected
  let stack: RpcStack
  let target: HistoryTarget
  const peers = new InputPeers()

  beforeAll(async () => {
    sim = await startSimulator({ seed: 5, messages: 3000, knobs: { latencyMs: { 2: 2 } } })
    conn = await connect({ kind: 'sim', session: sim.session })
    peers.selfId = conn.selfId
    stack = rpcStack(conn.client, { control: RateController.forHistory(2) })
    const chat = [...sim.world.chats].find((c) => c.username && c.kind === 'supergroup')!
    const d = await new ChatDirectory(stack.rpc, peers).resolve({ by: 'username', username: chat.username! }, chat.username!)
    target = { peer: new ChatDirectory(stack.rpc, peers).inputPeer(d), chatId: d.chat.id, forum: d.chat.kind === 'forum' }
  })
  afterAll(async () => {
    await conn?.close()
    await sim?.close()
  })

  it('gives tobs the page and its senders, and leaves them out of mtcute\'s peer cache', async () => {
    const isCached = async (id: number) => (await conn.client.storage.peers.getById(id, false)) !== null
    const page = await getPageAfter(stack.historyRpc, peers, target, 0)
    const senders = [...new Set(page.messages.flatMap((m) => (m.sender?.kind === 'user' ? [m.sender.id] : [])))]
    // tobs learned their access hashes from the answer
    for (const id of senders) expect(peers.input('user', id)).toBeDefined()
    // resolving the chat (dialogs) may have cached a few of them already: the others must not be
    const uncached = []
    for (const id of senders) if (!(await isCached(id))) uncached.push(id)
    expect(uncached.length).toBeGreaterThan(0)
    // the same page through the plain stack goes through client.call, which caches them: the check above can fail
    await getPageAfter(stack.rpc, peers, target, 0)
    for (const id of uncached) expect(await isCached(id)).toBe(true)
  })

  it('turns an error answer into the RpcError the policy layers read', async () => {
    const unknown: HistoryTarget = { ...target, peer: { _: 'inputPeerChannel', channelId: 987_654_321, accessHash: Long.fromNumber(42) } }
    const error = await getPageAfter(stack.historyRpc, peers, unknown, 0).then(() => undefined, (e: unknown) => e)
    expect(rpcErrorText(error)).toMatch(/^CHANNEL_(INVALID|PRIVATE)$/)
    expect((error as { code?: number }).code).toBe(400)
  })
})
