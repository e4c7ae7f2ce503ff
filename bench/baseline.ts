// The peers' history strategies, for comparison against the same simulator in the same run: one
// messages.getHistory at a time (offset_id paging, oldest first), and for each page fetch, then
// process (map + render with tobs' own code), then write, before the next request. They differ in
// page size and pacing (DESIGN.md section 4):
// - the original Python TOBS: 75 per request, back to back;
// - Telegram Desktop's export: 100 per request, back to back, oldest to newest;
// - tdl: 100 per page, one request every 500 ms at most.
import { appendFile, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Client } from '../src/telegram/client.ts'
import Long from 'long'
import type { Message } from '../src/model/types.ts'
import { PeerIndex, mapMessage } from '../src/telegram/map/index.ts'
import { InputPeers } from '../src/telegram/input-peers.ts'
import { ChatDirectory } from '../src/telegram/resolve.ts'
import { directRpc } from '../src/telegram/takeout.ts'
import { renderBlocks, type RenderContext } from '../src/render/index.ts'
import { periodOf } from '../src/vault/paths.ts'

export interface PeerStrategy {
  /** messages per getHistory */
  page: number
  /** least time from one request's start to the next one's */
  intervalMs: number
}

export const PEERS = {
  baseline: { page: 75, intervalMs: 0 },
  desktop: { page: 100, intervalMs: 0 },
  tdl: { page: 100, intervalMs: 500 },
} satisfies Record<string, PeerStrategy>

export interface BaselineResult {
  messages: number
  seconds: number
  msg_per_s: number
  requests: number
}

export interface BaselineOptions {
  client: Client
  selfId: number
  /** @username of the chat to read */
  target: string
  /** stop after this many messages */
  messages: number
  out: string
  /** wall-clock bound: the run stops there and reports what it read */
  deadlineMs: number
  onPage?: (done: number) => void
  /** the original TOBS's when not given */
  strategy?: PeerStrategy
}

export async function runBaseline(o: BaselineOptions): Promise<BaselineResult> {
  // mtcute sleeps through FLOOD_WAIT here, as Telethon did for the Python tool
  const rpc = directRpc(o.client)
  const peers = new InputPeers()
  peers.selfId = o.selfId
  const directory = new ChatDirectory(rpc, peers)
  const d = await directory.resolve({ by: 'username', username: o.target.replace(/^@/, '') }, o.target)
  const peer = directory.inputPeer(d)
  const chatId = d.chat.id
  const forum = d.chat.kind === 'forum'
  await mkdir(o.out, { recursive: true })

  const notes = new Map<number, string>()
  const names = new Map<number, string>()
  const ctx: RenderContext = {
    noteFor: (c, id) => (c === chatId ? notes.get(id) : undefined),
    mediaFor: () => undefined,
    chatByUsername: () => undefined,
    userName: (id) => names.get(id),
    timeZone: 'UTC',
  }

  const { page: size, intervalMs } = o.strategy ?? PEERS.baseline
  const t0 = performance.now()
  let sent = -Infinity
  let after = 0
  let done = 0
  let requests = 0
  while (done < o.messages && performance.now() - t0 < o.deadlineMs) {
    const wait = sent + intervalMs - performance.now()
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
    sent = performance.now()
    // fetch: the `size` ids just above `after` (a negative add_offset turns Telegram's newest-first list around)
    const res = await rpc({
      _: 'messages.getHistory', peer, offsetId: after + 1, offsetDate: 0, addOffset: -size,
      limit: size, maxId: 0, minId: after, hash: Long.ZERO,
    })
    requests++
    if (res._ === 'messages.messagesNotModified' || res.messages.length === 0) break
    // process: map and render
    const index = PeerIndex.from(res.users, res.chats)
    const page: Message[] = []
    for (let i = res.messages.length - 1; i >= 0; i--) {
      const m = mapMessage(res.messages[i]!, index, { chatId, forum })
      if (m && m.id > after) page.push(m)
    }
    page.sort((a, b) => a.id - b.id)
    if (!page.length) break
    const byNote = new Map<string, Message[]>()
    for (const m of page) {
      const note = periodOf(m.date, 'month')
      notes.set(m.id, note)
      if (m.sender?.kind === 'user') names.set(m.sender.id, m.sender.name)
      let list = byNote.get(note)
      if (!list) byNote.set(note, (list = []))
      list.push(m)
    }
    // write: append the page to its month notes before asking for the next one
    for (const [note, ms] of byNote) await appendFile(join(o.out, `${note}.md`), [...renderBlocks(ms, ctx)].join(''))
    after = page[page.length - 1]!.id
    done += page.length
    o.onPage?.(done)
  }
  const seconds = (performance.now() - t0) / 1000
  return { messages: done, seconds: round(seconds, 3), msg_per_s: round(done / Math.max(seconds, 1e-9), 1), requests }
}

function round(n: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(n * f) / f
}
