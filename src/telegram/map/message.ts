// TL Message / MessageService -> model Message. On the hot path: no closures, no regex, shared Peer objects.
import type { tl } from '@mtcute/core'
import type { Forward, Message, Reaction, ReplyTo } from '../../model/types.ts'
import { mapAction } from './action.ts'
import { bareId, longString } from './convert.ts'
import { mapEntities } from './entities.ts'
import { mapMedia } from './media.ts'
import type { PeerIndex } from './peers.ts'
import { forwardFrom, replyTo, topicOfHeader } from './headers.ts'

export interface MapMessageOptions {
  /** bare id of the chat being read */
  chatId: number
  /** the chat is a forum: every message gets a topicId (General = 1) */
  forum?: boolean
}

/** A message in the model, or undefined for messageEmpty (a deleted id). */
export function mapMessage(raw: tl.TypeMessage, peers: PeerIndex, opts: MapMessageOptions): Message | undefined {
  if (raw._ === 'messageEmpty') return undefined
  const isService = raw._ === 'messageService'
  const out: Message = {
    id: raw.id,
    chatId: opts.chatId,
    date: raw.date,
    text: isService ? '' : raw.message,
    entities: isService ? [] : mapEntities(raw.entities),
  }

  // Telegram's `out`: sent by this account (drawn apart in notes; calls say outgoing)
  if (raw.out) out.out = true
  if (raw.fromId) out.sender = peers.peerOrStub(raw.fromId)
  else if (raw.out && raw.peerId._ === 'peerUser') {
    // our own message in a private chat: never credit it to the other side, even if self is unknown
    if (peers.self) out.sender = peers.self
  } else out.sender = peers.peerOrStub(raw.peerId) // channel posts, and the other side of a private chat

  const header = raw.replyTo
  if (header) {
    const reply = mapReplyHeader(header)
    if (reply) out.replyTo = reply
  }
  if (opts.forum) out.topicId = topicOf(raw, header)

  if (raw.silent) out.silent = true
  if (raw.reactions) {
    const reactions = mapReactions(raw.reactions)
    if (reactions.length) out.reactions = reactions
  }

  if (isService) {
    const service = mapAction(raw.action, peers)
    // pin_message, game_score, payment_sent... name their message through the reply header
    if (out.replyTo?.messageId !== undefined) service.messageId = out.replyTo.messageId
    out.service = service
    return out
  }

  if (raw.editDate && !raw.editHide) out.editDate = raw.editDate
  if (raw.postAuthor) out.signature = raw.postAuthor
  if (raw.fwdFrom) out.forward = mapForward(raw.fwdFrom, peers)
  if (raw.viaBotId) {
    const bot = peers.user(raw.viaBotId)
    out.viaBot = bot ? bot.username ?? bot.name : peers.userName(raw.viaBotId)
  }
  if (raw.groupedId) out.groupedId = longString(raw.groupedId)
  if (raw.views !== undefined) out.views = raw.views
  if (raw.forwards !== undefined) out.forwards = raw.forwards
  if (raw.replies) out.replies = raw.replies.replies
  const r = raw.replies
  if (r?.comments && r.channelId && r.replies > 0 && r.maxId) out.comments = { groupId: r.channelId, maxId: r.maxId }
  if (raw.pinned) out.pinned = true
  if (raw.media) {
    const media = mapMedia(raw.media, peers)
    if (media) out.media = media
  }
  return out
}

function mapReplyHeader(h: tl.TypeMessageReplyHeader): ReplyTo | undefined {
  if (h._ === 'messageReplyStoryHeader') return { storyId: h.storyId, chatId: bareId(h.peer) }
  return replyTo({
    msgId: h.replyToMsgId, topId: h.replyToTopId, forumTopic: !!h.forumTopic,
    chatId: h.replyToPeerId && bareId(h.replyToPeerId),
    quote: !!h.quote, quoteText: h.quoteText, quoteEntities: h.quoteEntities && mapEntities(h.quoteEntities),
  })
}

function topicOf(raw: tl.RawMessage | tl.RawMessageService, h: tl.TypeMessageReplyHeader | undefined): number {
  if (raw._ === 'messageService' && raw.action._ === 'messageActionTopicCreate') return raw.id
  return h && h._ === 'messageReplyHeader' ? topicOfHeader(!!h.forumTopic, h.replyToTopId, h.replyToMsgId) : 1
}

function mapForward(f: tl.TypeMessageFwdHeader, peers: PeerIndex): Forward {
  const saved = f.savedFromId ?? f.savedFromPeer
  return forwardFrom({
    date: f.date, from: f.fromId && peers.peerOrStub(f.fromId), fromName: f.fromName, channelPost: f.channelPost,
    postAuthor: f.postAuthor, savedFrom: f.savedFromName || (saved && peers.name(saved)),
  })
}

function mapReactions(r: tl.TypeMessageReactions): Reaction[] {
  const out: Reaction[] = []
  for (const c of r.results) {
    let emoji: string
    switch (c.reaction._) {
      case 'reactionEmoji': emoji = c.reaction.emoticon; break
      case 'reactionCustomEmoji': emoji = 'custom:' + longString(c.reaction.documentId); break
      case 'reactionPaid': emoji = 'paid'; break
      default: continue
    }
    out.push(c.chosenOrder !== undefined ? { emoji, count: c.count, chosen: true } : { emoji, count: c.count })
  }
  return out
}
