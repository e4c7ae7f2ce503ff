// messages.getDialogs / getPeerDialogs: every chat (Saved Messages included), newest first, with
// its top message; and the forum's topics (messages.getForumTopics, channels.getForumTopics).
import { tlStub } from '../tl-schema.ts'
import { RpcError, type TlRequest } from '../types.ts'
import type { SimChat, SimTopic, World } from '../world/types.ts'
import { updatesState } from './account.ts'
import { chatOfInput, isChannel, PeerSet, tlPeerOf } from './peers.ts'
import { tlMessage } from './tl-message.ts'

const TOPICS_LIMIT = 100

function topId(world: World, chat: SimChat, topicId?: number): number {
  for (const id of world.idsDesc(chat.id, { topicId })) return id
  return 0
}

function dialogOf(chat: SimChat, top: number): unknown {
  return tlStub('dialog', {
    peer: tlPeerOf(chat), topMessage: top, readInboxMaxId: top, readOutboxMaxId: top,
    notifySettings: tlStub('peerNotifySettings'), pts: isChannel(chat) ? chat.maxId : undefined,
  })
}

interface Entry { chat: SimChat; top: number; date: number }

function entries(world: World): Entry[] {
  return world.chats
    .map((chat) => {
      const top = topId(world, chat)
      return { chat, top, date: top ? world.dateOf(chat.id, top) : chat.created }
    })
    .sort((a, b) => b.date - a.date || b.chat.id - a.chat.id)
}

function dialogsAnswer(world: World, list: Entry[], count?: number): Record<string, unknown> {
  const peers = new PeerSet(world)
  const messages: unknown[] = []
  for (const e of list) {
    peers.forChat(e.chat)
    const m = e.top ? world.message(e.chat.id, e.top) : undefined
    if (m) messages.push(tlMessage(world, e.chat, m, peers))
  }
  const body = { dialogs: list.map((e) => dialogOf(e.chat, e.top)), messages, chats: peers.chats(), users: peers.users() }
  return count === undefined ? { _: 'messages.dialogs', ...body } : { _: 'messages.dialogsSlice', count, ...body }
}

export function getDialogs(world: World, req: TlRequest): unknown {
  const all = entries(world)
  let start = 0
  const offsetPeer = req.offsetPeer as TlRequest | undefined
  if (offsetPeer && offsetPeer._ !== 'inputPeerEmpty') {
    const chat = chatOfInput(world, offsetPeer)
    start = all.findIndex((e) => e.chat.id === chat.id) + 1
  } else if (Number(req.offsetDate) > 0) {
    start = all.findIndex((e) => e.date < Number(req.offsetDate))
    if (start < 0) start = all.length
  }
  const limit = Math.min(Math.max(1, Number(req.limit) || 100), 100)
  const page = all.slice(start, start + limit)
  return start === 0 && page.length === all.length ? dialogsAnswer(world, page) : dialogsAnswer(world, page, all.length)
}

export function getPeerDialogs(world: World, req: TlRequest): unknown {
  const wanted = (req.peers as TlRequest[]).map((p) => chatOfInput(world, p.peer).id)
  const list = entries(world).filter((e) => wanted.includes(e.chat.id))
  const body = dialogsAnswer(world, list)
  return { ...body, _: 'messages.peerDialogs', state: updatesState(world) }
}

function topicOrder(world: World, chat: SimChat): { topic: SimTopic; top: number }[] {
  return chat.topics!
    .map((topic) => ({ topic, top: topId(world, chat, topic.id) }))
    .sort((a, b) => b.top - a.top)
}

export function getForumTopics(world: World, req: TlRequest): unknown {
  const chat = chatOfInput(world, req.peer ?? req.channel)
  if (!chat.topics) throw new RpcError(400, 'CHANNEL_FORUM_MISSING')
  let list = topicOrder(world, chat)
  const q = typeof req.q === 'string' ? req.q.toLowerCase() : ''
  if (q) list = list.filter((t) => t.topic.title.toLowerCase().includes(q))
  const count = list.length
  const offsetTopic = Number(req.offsetTopic ?? 0)
  if (offsetTopic > 0) list = list.slice(list.findIndex((t) => t.topic.id === offsetTopic) + 1)
  else if (Number(req.offsetId ?? 0) > 0) list = list.filter((t) => t.top < Number(req.offsetId))
  list = list.slice(0, Math.min(Math.max(1, Number(req.limit) || TOPICS_LIMIT), TOPICS_LIMIT))
  const peers = new PeerSet(world)
  peers.forChat(chat)
  peers.user(world.self.id)
  const messages: unknown[] = []
  const topics = list.map(({ topic, top }) => {
    const m = world.message(chat.id, top)
    if (m) messages.push(tlMessage(world, chat, m, peers))
    return tlStub('forumTopic', {
      id: topic.id, date: world.dateOf(chat.id, topic.id), peer: tlPeerOf(chat), title: topic.title,
      iconColor: topic.iconColor, topMessage: top, readInboxMaxId: top, readOutboxMaxId: top,
      fromId: { _: 'peerUser', userId: world.self.id }, notifySettings: tlStub('peerNotifySettings'),
      closed: topic.closed === true,
    })
  })
  return { _: 'messages.forumTopics', count, topics, messages, chats: peers.chats(), users: peers.users(), pts: chat.maxId }
}
