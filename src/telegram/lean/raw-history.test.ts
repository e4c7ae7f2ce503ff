// History pages through mtcute's customMethod, end to end: the real client against the simulator
// over TCP, inside a takeout session as exports read. Every chat and forum topic read both ways
// (lean bytes, and mtcute's objects mapped by mapMessage) gives the same pages.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { TlBinaryReader, TlBinaryWriter, __tlReaderMap, __tlWriterMap } from '@mtcute/core/utils.js'
import Long from 'long'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator } from '../../sim/simulator.ts'
import { RateController } from '../../runtime/rate-controller.ts'
import { connect, type Connected } from '../connect.ts'
import { getPageAfter, type AscendingPage, type HistoryTarget } from '../history.ts'
import { InputPeers } from '../input-peers.ts'
import { ChatDirectory } from '../resolve.ts'
import { rpcStack } from '../rpc/stack.ts'
import { openTakeout, type Takeout } from '../takeout.ts'
import { leanStats } from './history-answer.ts'
import { rawHistoryCall } from './raw-history.ts'

describe('mtcute 0.30.3\'s customMethod, which the lean reader stands on', () => {
  it('writes the bytes it is given and answers with the bytes of the result', () => {
    const bytes = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])
    expect(TlBinaryWriter.serializeObject(__tlWriterMap, { _: 'mtcute.customMethod', bytes } as never)).toEqual(bytes)
    const results = (__tlReaderMap as unknown as { _results: Record<string, (r: TlBinaryReader) => unknown> })._results
    expect(results['mtcute.customMethod']!(new TlBinaryReader(__tlReaderMap, bytes, 4))).toEqual(bytes.subarray(4))
  })

  it('is answered through the result readers, gzip_packed answers unpacked first (session-connection.js)', () => {
    const path = createRequire(import.meta.url).resolve('@mtcute/core').replace(/index\.c?js$/, 'network/session-connection.js')
    const source = readFileSync(path, 'utf8')
    // the rpc method's own result reader, given the unpacked bytes or the reader at the result
    expect(source).toContain('const customReader = this._readerMap._results[rpc.method];')
    expect(source).toContain('result = customReader(new TlBinaryReader(this._readerMap, inner));')
    expect(source).toContain('result = customReader(message);')
  })

  it('carries history pages only, under any wrapper, and keeps the method for the layers that name it', () => {
    const page = {
      _: 'messages.getHistory', peer: { _: 'inputPeerSelf' }, offsetId: 0, offsetDate: 0, addOffset: 0, limit: 100,
      maxId: 0, minId: 0, hash: Long.ZERO,
    } as never
    const wrapped = rawHistoryCall({ _: 'invokeWithTakeout', takeoutId: Long.ONE, query: page } as never) as unknown as { _: string; query: unknown }
    expect(wrapped._).toBe('mtcute.customMethod')
    expect((wrapped as unknown as { bytes: Uint8Array }).bytes)
      .toEqual(TlBinaryWriter.serializeObject(__tlWriterMap, { _: 'invokeWithTakeout', takeoutId: Long.ONE, query: page } as never))
    expect(wrapped.query).toEqual({ _: 'invokeWithTakeout', takeoutId: Long.ONE, query: page })
    const other = { _: 'messages.getDialogs' } as never
    expect(rawHistoryCall(other)).toBe(other)
  })
})

describe('history pages read lean, end to end', () => {
  let sim: Simulator
  let conn: Connected
  let takeout: Takeout

  beforeAll(async () => {
    sim = await startSimulator({ seed: 11, messages: 4000, knobs: { latencyMs: { 2: 1 } } })
    conn = await connect({ kind: 'sim', session: sim.session })
    takeout = await openTakeout(conn.client, { users: true, chats: true, megagroups: true, channels: true })
  })
  afterAll(async () => {
    await takeout?.finish(true)
    await conn?.close()
    await sim?.close()
  })

  async function readAll(read: (after: number) => Promise<AscendingPage>): Promise<AscendingPage[]> {
    const pages: AscendingPage[] = []
    for (let after = 0; ;) {
      const page = await read(after)
      pages.push(page)
      if (page.done) return pages
      after = page.hi
    }
  }

  it('gives every chat and forum topic the pages mtcute + mapMessage give', async () => {
    const peers = new InputPeers()
    peers.selfId = conn.selfId
    const stack = rpcStack(conn.client, { takeoutId: takeout.id, control: RateController.forHistory(4) })
    const directory = new ChatDirectory(stack.rpc, peers)
    const before = leanStats.lean
    let messages = 0
    let targets = 0
    for (const d of await directory.list()) {
      const base: HistoryTarget = { peer: directory.inputPeer(d), chatId: d.chat.id, forum: d.chat.kind === 'forum' }
      const topics = d.chat.kind === 'forum' ? sim.world.chat(d.chat.id)!.topics!.map((t) => t.id) : []
      for (const topicId of [undefined, ...topics]) {
        const target = topicId ? { ...base, topicId } : base
        const lean = await readAll((after) => getPageAfter(stack.historyRpc, peers, target, after))
        const viaMtcute = await readAll((after) => getPageAfter(stack.rpc, peers, target, after))
        expect(JSON.stringify(lean)).toBe(JSON.stringify(viaMtcute))
        expect(lean).toStrictEqual(viaMtcute)
        messages += lean.reduce((n, p) => n + p.messages.length, 0)
        targets++
      }
    }
    expect(targets).toBeGreaterThan(8)
    expect(messages).toBeGreaterThan(3000)
    // every page of the history stack took the lean road
    expect(leanStats.lean - before).toBeGreaterThanOrEqual(targets)
  })
})
