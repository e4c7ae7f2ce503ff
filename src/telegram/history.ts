// Reading a chat's history oldest-first, 100 messages per request (Telegram's maximum), mapped to
// the model with the users/chats vectors of each answer (no extra requests for names).
import type { tl } from '@mtcute/core'
import Long from 'long'
import type { Message } from '../model/types.ts'
import { PeerIndex, mapMessage } from './map/index.ts'
import type { InputPeers } from './input-peers.ts'
import { historyAnswer } from './lean/history-answer.ts'
import type { Rpc } from './rpc.ts'
import { releaseAnswer } from './release-answer.ts'

export const PAGE = 100

export interface HistoryTarget {
  peer: tl.TypeInputPeer
  chatId: number
  forum: boolean
  /** read one forum topic only (messages.getReplies) */
  topicId?: number
}

interface Paging {
  offsetId: number
  offsetDate: number
  addOffset: number
  limit: number
  maxId: number
  minId: number
  hash: Long
}

/** One page of a chat's history, or of one forum topic (getReplies pages the same way). */
function historyCall(rpc: Rpc, target: HistoryTarget, paging: Paging): Promise<tl.messages.TypeMessages> {
  return target.topicId
    ? rpc({ _: 'messages.getReplies', peer: target.peer, msgId: target.topicId, ...paging })
    : rpc({ _: 'messages.getHistory', peer: target.peer, ...paging })
}

/**
 * A page's answer: through the stack's history pages (rpc/stack.ts) it arrives as its TL bytes,
 * which lean/history-answer.ts reads straight into Messages; through a plain Rpc as mtcute's object.
 */
function pageCall(rpc: Rpc, target: HistoryTarget, paging: Paging): Promise<tl.messages.TypeMessages | Uint8Array> {
  return historyCall(rpc, target, paging)
}

export interface AscendingPage {
  messages: Message[]
  /** every existing id in [lo, hi] is in `messages` */
  lo: number
  hi: number
  /** the server's total for the chat (or topic) */
  count: number
  /** nothing newer exists (up to toId): the reader can stop */
  done: boolean
}

/**
 * The up-to-100 messages with id > afterId (and <= toId when set), ascending.
 * Uses a negative add_offset: the page just above `afterId` in Telegram's newest-first list.
 */
export async function getPageAfter(
  rpc: Rpc, peers: InputPeers, target: HistoryTarget, afterId: number, toId = 0,
): Promise<AscendingPage> {
  return pageOf(await answerAfter(rpc, target, afterId, toId), peers, target, afterId, toId)
}

/** The answer getPageAfter reads its page from (pageOf). */
export function answerAfter(rpc: Rpc, target: HistoryTarget, afterId: number, toId = 0): Promise<tl.messages.TypeMessages | Uint8Array> {
  const paging = {
    offsetId: afterId + 1, offsetDate: 0, addOffset: -PAGE, limit: PAGE,
    maxId: toId ? toId + 1 : 0, minId: afterId, hash: Long.ZERO,
  }
  return pageCall(rpc, target, paging)
}

/** The page of an answer to answerAfter(afterId, toId). */
export function pageOf(
  answer: tl.messages.TypeMessages | Uint8Array, peers: InputPeers, target: HistoryTarget, afterId: number, toId = 0,
): AscendingPage {
  const res = historyAnswer(answer)
  if (res.notModified) return { messages: [], lo: afterId + 1, hi: afterId, count: 0, done: true }
  peers.learn(res.users, res.chats)
  const index = PeerIndex.from(res.users, res.chats)
  const opts = { chatId: target.chatId, forum: target.forum }
  const messages: Message[] = []
  let maxId = afterId
  // answers come newest first
  for (let i = res.length - 1; i >= 0; i--) {
    const id = res.id(i)
    if (id <= afterId || (toId && id > toId)) continue
    if (id > maxId) maxId = id
    const m = res.message(i, index, opts)
    if (m) messages.push(m)
  }
  messages.sort((a, b) => a.id - b.id)
  const count = res.count
  res.done()
  // A short page means nothing newer exists (up to toId, when set): the range is closed to there.
  const full = res.length >= PAGE
  const hi = full ? maxId : toId || maxId
  return { messages, lo: afterId + 1, hi, count, done: !full }
}

/**
 * The one message at a place of the chat's newest-first list (offset_id or offset_date anchor it,
 * add_offset shifts it; one request), with the answer's count; undefined when the server has nothing.
 */
async function oneAt(
  rpc: Rpc, target: HistoryTarget, at: { offsetId?: number; offsetDate?: number; addOffset?: number },
): Promise<Exclude<tl.messages.TypeMessages, tl.messages.RawMessagesNotModified> | undefined> {
  const paging = {
    offsetId: at.offsetId ?? 0, offsetDate: at.offsetDate ?? 0, addOffset: at.addOffset ?? 0, limit: 1, maxId: 0, minId: 0, hash: Long.ZERO,
  }
  const res = await historyCall(rpc, target, paging)
  return res._ === 'messages.messagesNotModified' ? undefined : res
}

/** The server's message count of a chat, and its newest message's id and date (one cheap request). */
export async function getCount(rpc: Rpc, target: HistoryTarget): Promise<{ count: number; topId: number; topDate?: number }> {
  const res = await oneAt(rpc, target, {})
  if (!res) return { count: 0, topId: 0 }
  const top = res.messages[0]
  const count = res._ === 'messages.messages' ? res.messages.length : res.count
  return { count, topId: top?.id ?? 0, topDate: top && top._ !== 'messageEmpty' ? top.date : undefined }
}

/** The date of a chat's (or topic's) oldest message: the one just above id 0. */
export async function getOldestDate(rpc: Rpc, target: HistoryTarget): Promise<number | undefined> {
  const res = await oneAt(rpc, target, { offsetId: 1, addOffset: -1 })
  return res?.messages.find((x) => x._ !== 'messageEmpty')?.date
}

/** The id of the first message on or after a date (for --since), or undefined when there is none. */
export async function idAtDate(rpc: Rpc, target: HistoryTarget, unixSeconds: number): Promise<number | undefined> {
  // offset_date returns messages strictly older than the date; add_offset -1 steps onto the first newer one
  const res = await oneAt(rpc, target, { offsetDate: unixSeconds, addOffset: -1 })
  return res?.messages.find((x) => x._ !== 'messageEmpty' && x.date >= unixSeconds)?.id
}

/** Id of the n-th newest message (for --last n): one request that skips n-1 messages. */
export async function idOfNewest(rpc: Rpc, target: HistoryTarget, n: number): Promise<number | undefined> {
  if (n <= 0) return undefined
  const res = await oneAt(rpc, target, { addOffset: n - 1 })
  if (!res) return undefined
  // fewer than n messages: everything is wanted
  return res.messages[0]?.id ?? 1
}

/**
 * The current state of known messages by id (for --refresh): a Message, or null where the id is
 * now deleted. Up to 100 ids per request, as Telegram allows.
 */
export async function getByIds(
  rpc: Rpc, peers: InputPeers, target: HistoryTarget & { channel?: tl.TypeInputChannel }, ids: number[],
): Promise<Map<number, Message | null>> {
  const out = new Map<number, Message | null>()
  for (let i = 0; i < ids.length; i += PAGE) {
    const id = ids.slice(i, i + PAGE).map((n): tl.TypeInputMessage => ({ _: 'inputMessageID', id: n }))
    const res = target.channel
      ? await rpc({ _: 'channels.getMessages', channel: target.channel, id })
      : await rpc({ _: 'messages.getMessages', id })
    if (res._ === 'messages.messagesNotModified') continue
    peers.learn(res.users, res.chats)
    const index = PeerIndex.from(res.users, res.chats)
    for (const n of id) out.set((n as { id: number }).id, null)
    for (const raw of res.messages) {
      if (raw._ === 'messageEmpty') continue
      const m = mapMessage(raw, index, { chatId: target.chatId, forum: target.forum })
      if (m) out.set(m.id, m)
    }
    releaseAnswer(res)
  }
  return out
}
