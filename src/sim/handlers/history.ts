// History paging exactly as Telegram pages: offset_id / offset_date anchor a position in the
// id-descending list (filtered by min_id/max_id and topic), add_offset shifts it (negative =
// newer), limit (capped at 100) takes from there. Answers are built fresh per call.
import { RpcError, type TlRequest } from '../types.ts'
import type { SimChat, World } from '../world/types.ts'
import { chatOfInput, isChannel, PeerSet, tlPeerOf } from './peers.ts'
import { tlMessage } from './tl-message.ts'

export const HISTORY_LIMIT = 100

export interface PageQuery {
  offsetId?: number
  offsetDate?: number
  addOffset?: number
  limit?: number
  maxId?: number
  minId?: number
  topicId?: number
}

/** Ids of one page, descending. */
export function selectPage(world: World, chat: SimChat, q: PageQuery): number[] {
  const limit = Math.min(Math.max(0, q.limit ?? 0), HISTORY_LIMIT)
  const addOffset = q.addOffset ?? 0
  if (limit === 0) return []
  const low = Math.max(q.minId ?? 0, 0) + 1 // inclusive
  const high = (q.maxId ?? 0) > 0 ? q.maxId! - 1 : Infinity // inclusive
  let anchor = Infinity // ids below the anchor are positions 0, 1, 2...
  if ((q.offsetId ?? 0) > 0) anchor = q.offsetId!
  if ((q.offsetDate ?? 0) > 0) anchor = Math.min(anchor, world.firstIdAtOrAfter(chat.id, q.offsetDate!))
  const topicId = q.topicId

  if (addOffset >= 0) return older(world, chat, low, Math.min(anchor - 1, high), topicId, addOffset, limit)
  // positions -1, -2, ... are the ids at or above the anchor, nearest first; a window reaching
  // above the newest id is clipped there, not shifted (that is what makes reverse paging end)
  const newer: number[] = []
  if (anchor !== Infinity) {
    for (const id of world.ids(chat.id, { fromId: Math.max(anchor, low), toId: high, topicId })) {
      newer.push(id)
      if (newer.length === -addOffset) break
    }
  }
  const out: number[] = []
  for (let p = addOffset; p < Math.min(0, addOffset + limit); p++) {
    const j = -p - 1
    if (j < newer.length) out.push(newer[j]!)
  }
  return out.concat(older(world, chat, low, Math.min(anchor - 1, high), topicId, 0, addOffset + limit))
}

function older(world: World, chat: SimChat, low: number, top: number, topicId: number | undefined, skip: number, take: number): number[] {
  const out: number[] = []
  if (take <= 0 || top < low) return out
  let skipped = 0
  for (const id of world.idsDesc(chat.id, { fromId: low, toId: top, topicId })) {
    if (skipped < skip) {
      skipped++
      continue
    }
    out.push(id)
    if (out.length === take) break
  }
  return out
}

/** messages.channelMessages for channels, messages.messagesSlice otherwise. */
export function messagesAnswer(world: World, chat: SimChat, ids: number[], count: number): unknown {
  const peers = new PeerSet(world)
  peers.forChat(chat)
  const messages = ids.map((id) => {
    const m = world.message(chat.id, id)
    return m ? tlMessage(world, chat, m, peers) : { _: 'messageEmpty', id, peerId: tlPeerOf(chat) }
  })
  const base = { messages, topics: [], chats: peers.chats(), users: peers.users() }
  return isChannel(chat)
    ? { _: 'messages.channelMessages', pts: chat.maxId, count, ...base }
    : { _: 'messages.messagesSlice', count, ...base }
}

function pageOf(req: TlRequest): PageQuery {
  return {
    offsetId: Number(req.offsetId ?? 0), offsetDate: Number(req.offsetDate ?? 0), addOffset: Number(req.addOffset ?? 0),
    limit: Number(req.limit ?? 0), maxId: Number(req.maxId ?? 0), minId: Number(req.minId ?? 0),
  }
}

export function getHistory(world: World, req: TlRequest): unknown {
  const chat = chatOfInput(world, req.peer)
  return messagesAnswer(world, chat, selectPage(world, chat, pageOf(req)), world.count(chat.id))
}

/** messages.getReplies: in a forum, msg_id names a topic; in a channel, a post's comment thread. */
export function getReplies(world: World, req: TlRequest): unknown {
  const chat = chatOfInput(world, req.peer)
  const topicId = Number(req.msgId)
  const topic = chat.topics?.find((t) => t.id === topicId)
  if (!topic && world.linkedChat(chat.id)) return commentsPage(world, chat, topicId, pageOf(req))
  if (!topic) {
    if (!world.exists(chat.id, topicId)) throw new RpcError(400, 'MSG_ID_INVALID')
    return messagesAnswer(world, chat, [], 0)
  }
  const ids = selectPage(world, chat, { ...pageOf(req), topicId })
  return messagesAnswer(world, chat, ids, world.count(chat.id, topicId))
}

/** Resolves an InputMessage to an id in `chat` (undefined when it names nothing). */
function inputMessageId(world: World, chat: SimChat | undefined, input: TlRequest): number | undefined {
  if (input._ === 'inputMessageID') return Number(input.id)
  if (input._ === 'inputMessageReplyTo' && chat) return world.message(chat.id, Number(input.id))?.replyTo?.messageId
  return undefined
}

export function getChannelMessages(world: World, req: TlRequest): unknown {
  const chat = chatOfInput(world, req.channel)
  const ids = (req.id as TlRequest[]).map((i) => inputMessageId(world, chat, i) ?? 0)
  return messagesAnswer(world, chat, ids, ids.length)
}

/** messages.getMessages has no peer: ids of private chats and basic groups are account-wide. */
export function getMessages(world: World, req: TlRequest): unknown {
  const peers = new PeerSet(world)
  const messages = (req.id as TlRequest[]).map((input) => {
    const raw = Number(input.id)
    const chat = world.chats.find((c) => !isChannel(c) && raw >= c.minId && raw <= c.maxId)
    const id = inputMessageId(world, chat, input)
    const m = chat && id !== undefined ? world.message(chat.id, id) : undefined
    if (!chat || !m) return { _: 'messageEmpty', id: id ?? raw }
    peers.forChat(chat)
    return tlMessage(world, chat, m, peers)
  })
  return { _: 'messages.messages', messages, topics: [], chats: peers.chats(), users: peers.users() }
}

/** One page of a post's comments, paged like history over the thread's (short) id list. */
function commentsPage(world: World, channel: SimChat, postId: number, q: PageQuery): unknown {
  if (!world.exists(channel.id, postId)) throw new RpcError(400, 'MSG_ID_INVALID')
  const group = world.linkedChat(channel.id)!
  const all = world.comments(channel.id, postId)
  const low = Math.max(q.minId ?? 0, 0)
  const high = (q.maxId ?? 0) > 0 ? q.maxId! : Infinity
  const desc = all.filter((id) => id > low && id < high).reverse()
  const anchor = (q.offsetId ?? 0) > 0 ? q.offsetId! : Infinity
  const pos = desc.findIndex((id) => id < anchor)
  const start = (pos < 0 ? desc.length : pos) + (q.addOffset ?? 0)
  const limit = Math.min(Math.max(0, q.limit ?? 0), HISTORY_LIMIT)
  const ids = desc.slice(Math.max(0, start), Math.max(0, start + limit))
  const peers = new PeerSet(world)
  peers.forChat(channel)
  peers.forChat(group)
  const messages = ids.map((id) => tlMessage(world, group, world.comment(channel.id, postId, id)!, peers))
  return { _: 'messages.channelMessages', pts: all.length, count: all.length, messages, topics: [], chats: peers.chats(), users: peers.users() }
}

/** messages.getDiscussionMessage: the post's copy in the linked group, the top of its thread. */
export function getDiscussionMessage(world: World, req: TlRequest): unknown {
  const chat = chatOfInput(world, req.peer)
  const postId = Number(req.msgId)
  const group = world.linkedChat(chat.id)
  const top = group && world.threadTop(chat.id, postId)
  if (!group || !top) throw new RpcError(400, 'MSG_ID_INVALID')
  const ids = world.comments(chat.id, postId)
  const peers = new PeerSet(world)
  peers.forChat(chat)
  peers.forChat(group)
  const last = ids[ids.length - 1]
  return {
    _: 'messages.discussionMessage', messages: [tlMessage(world, group, top, peers)], maxId: last, readInboxMaxId: last,
    readOutboxMaxId: last, unreadCount: 0, chats: peers.chats(), users: peers.users(),
  }
}
