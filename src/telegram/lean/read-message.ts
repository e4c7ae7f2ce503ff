// One Message constructor (message, messageService, messageEmpty) read from the wire into a record:
// everything map/message.ts would take from mtcute's object, with the peers left as kind + id, since
// the users and chats that name them come after the messages in the answer.
import type { tl } from '@mtcute/core'
import type { TlBinaryReader } from '@mtcute/core/utils.js'
import type { Entity, Reaction } from '../../model/types.ts'
import { mapEntity } from '../map/entities.ts'
import { ID } from './tl-ids.ts'
import { readMedia, type MediaRead } from './read-media.ts'
import { longText, miss, readPeer, skipBytes, skipObject, skipPeer, vectorLength, widenNumberFields, type PeerKind, text } from './wire.ts'

export const EMPTY = 0
export const MESSAGE = 1
export const SERVICE = 2

/** A reply header as read (map/'s mapReplyHeader input). */
export class ReplyRecord {
  story = false
  /** story header: the story and its peer */
  storyId = 0
  forumTopic = false
  quote = false
  msgId: number | undefined = undefined
  peerKind: PeerKind | 0 = 0
  peerId = 0
  topId: number | undefined = undefined
  quoteText: string | undefined = undefined
  quoteEntities: Entity[] | undefined = undefined

  constructor() {
    widenNumberFields(this, ['msgId', 'topId'])
  }

  reset(): void {
    this.story = false
    this.storyId = 0
    this.forumTopic = false
    this.quote = false
    this.msgId = undefined
    this.peerKind = 0
    this.peerId = 0
    this.topId = undefined
    this.quoteText = undefined
    this.quoteEntities = undefined
  }
}

/** A forward header as read (map/'s mapForward input). */
export class ForwardRecord {
  date = 0
  fromKind: PeerKind | 0 = 0
  fromId = 0
  fromName: string | undefined = undefined
  channelPost: number | undefined = undefined
  postAuthor: string | undefined = undefined
  savedFromPeerKind: PeerKind | 0 = 0
  savedFromPeerId = 0
  savedFromKind: PeerKind | 0 = 0
  savedFromId = 0
  savedFromName: string | undefined = undefined

  constructor() {
    widenNumberFields(this, ['channelPost'])
  }

  reset(): void {
    this.date = 0
    this.fromKind = 0
    this.fromId = 0
    this.fromName = undefined
    this.channelPost = undefined
    this.postAuthor = undefined
    this.savedFromPeerKind = 0
    this.savedFromPeerId = 0
    this.savedFromKind = 0
    this.savedFromId = 0
    this.savedFromName = undefined
  }
}

/**
 * A message as read, before its peers are known. Records are reused from answer to answer
 * (history-answer.ts): a page's hundred records would otherwise be a hundred objects of garbage.
 */
export class MessageRecord {
  kind = EMPTY
  id = 0
  flags = 0
  date = 0
  fromKind: PeerKind | 0 = 0
  fromId = 0
  peerKind: PeerKind | 0 = 0
  peerId = 0
  text = ''
  /** undefined: the message had no entities field */
  entities: Entity[] | undefined = undefined
  /** the reply header, when the message has one (replySlot, filled) */
  reply: ReplyRecord | undefined = undefined
  forward: ForwardRecord | undefined = undefined
  viaBotId: number | undefined = undefined
  /** model Media read in place, or mtcute's object for map/'s mapMedia */
  media: MediaRead | undefined = undefined
  action: tl.TypeMessageAction | undefined = undefined
  views: number | undefined = undefined
  forwards: number | undefined = undefined
  hasReplies = false
  replies = 0
  commentsGroup = 0
  commentsMaxId: number | undefined = undefined
  comments = false
  editDate: number | undefined = undefined
  postAuthor: string | undefined = undefined
  groupedId: string | undefined = undefined
  reactions: Reaction[] | undefined = undefined
  readonly replySlot = new ReplyRecord()
  readonly forwardSlot = new ForwardRecord()

  constructor() {
    widenNumberFields(this, ['viaBotId', 'views', 'forwards', 'commentsMaxId', 'editDate'])
  }

  reset(): void {
    this.kind = EMPTY
    this.id = 0
    this.flags = 0
    this.date = 0
    this.fromKind = 0
    this.fromId = 0
    this.peerKind = 0
    this.peerId = 0
    this.text = ''
    this.entities = undefined
    this.reply = undefined
    this.forward = undefined
    this.viaBotId = undefined
    this.media = undefined
    this.action = undefined
    this.views = undefined
    this.forwards = undefined
    this.hasReplies = false
    this.replies = 0
    this.commentsGroup = 0
    this.commentsMaxId = undefined
    this.comments = false
    this.editDate = undefined
    this.postAuthor = undefined
    this.groupedId = undefined
    this.reactions = undefined
    if (this.replySlot.quoteEntities || this.replySlot.quoteText) this.replySlot.reset()
    if (this.forwardSlot.fromName || this.forwardSlot.postAuthor || this.forwardSlot.savedFromName) this.forwardSlot.reset()
  }
}

const peerId = { value: 0 }

/** Reads the next Message of the answer into `m`. */
export function readMessage(r: TlBinaryReader, m: MessageRecord): void {
  m.reset()
  const id = r.uint()
  if (id === ID.message) readPlain(r, m)
  else if (id === ID.messageService) readService(r, m)
  else if (id === ID.messageEmpty) {
    const flags = r.uint()
    m.id = r.int()
    if (flags & 1) skipPeer(r)
  } else miss('message', id)
}

function readPlain(r: TlBinaryReader, m: MessageRecord): void {
  m.kind = MESSAGE
  const flags = (m.flags = r.uint())
  const flags2 = r.uint()
  m.id = r.int()
  if (flags & 256) {
    m.fromKind = readPeer(r, peerId)
    m.fromId = peerId.value
  }
  if (flags & (1 << 29)) r.pos += 4 // from_boosts_applied
  if (flags2 & 4096) skipBytes(r) // from_rank
  m.peerKind = readPeer(r, peerId)
  m.peerId = peerId.value
  if (flags & (1 << 28)) skipPeer(r) // saved_peer_id
  if (flags & 4) m.forward = readForward(r, m.forwardSlot)
  if (flags & 2048) m.viaBotId = r.int53()
  if (flags2 & 1) r.pos += 8 // via_business_bot_id
  if (flags2 & (1 << 19)) skipPeer(r) // guestchat_via_from
  if (flags & 8) m.reply = readReply(r, m.replySlot)
  m.date = r.int()
  m.text = text(r)
  if (flags & 512) m.media = readMedia(r)
  if (flags & 64) skipObject(r) // reply_markup
  if (flags & 128) m.entities = readEntities(r)
  if (flags & 1024) {
    m.views = r.int()
    m.forwards = r.int()
  }
  if (flags & (1 << 23)) readReplies(r, m)
  if (flags & (1 << 15)) m.editDate = r.int()
  if (flags & (1 << 16)) m.postAuthor = text(r)
  if (flags & (1 << 17)) m.groupedId = longText(r)
  if (flags & (1 << 20)) m.reactions = readReactions(r)
  if (flags & (1 << 22)) skipObject(r) // restriction_reason
  if (flags & (1 << 25)) r.pos += 4 // ttl_period
  if (flags & (1 << 30)) r.pos += 4 // quick_reply_shortcut_id
  if (flags2 & 4) r.pos += 8 // effect
  if (flags2 & 8) skipObject(r) // factcheck
  if (flags2 & 32) r.pos += 4 // report_delivery_until_date
  if (flags2 & 64) r.pos += 8 // paid_message_stars
  if (flags2 & 128) skipObject(r) // suggested_post
  if (flags2 & 1024) r.pos += 4 // schedule_repeat_period
  if (flags2 & 2048) skipBytes(r) // summary_from_language
  if (flags2 & 8192) skipObject(r) // rich_message
}

function readService(r: TlBinaryReader, m: MessageRecord): void {
  m.kind = SERVICE
  const flags = (m.flags = r.uint())
  m.id = r.int()
  if (flags & 256) {
    m.fromKind = readPeer(r, peerId)
    m.fromId = peerId.value
  }
  m.peerKind = readPeer(r, peerId)
  m.peerId = peerId.value
  if (flags & (1 << 28)) skipPeer(r) // saved_peer_id
  if (flags & 8) m.reply = readReply(r, m.replySlot)
  m.date = r.int()
  // actions are many and rare: mtcute reads them, map/'s mapAction names them
  m.action = r.object() as tl.TypeMessageAction
  if (flags & (1 << 20)) m.reactions = readReactions(r)
  if (flags & (1 << 25)) r.pos += 4 // ttl_period
}

function readReply(r: TlBinaryReader, h: ReplyRecord): ReplyRecord {
  const id = r.uint()
  h.reset()
  if (id === ID.messageReplyStoryHeader) {
    h.story = true
    h.peerKind = readPeer(r, peerId)
    h.peerId = peerId.value
    h.storyId = r.int()
    return h
  }
  if (id !== ID.messageReplyHeader) miss('reply header', id)
  const flags = r.uint()
  h.forumTopic = (flags & 8) !== 0
  h.quote = (flags & 512) !== 0
  if (flags & 16) h.msgId = r.int()
  if (flags & 1) {
    h.peerKind = readPeer(r, peerId)
    h.peerId = peerId.value
  }
  if (flags & 32) skipObject(r) // reply_from
  if (flags & 256) skipObject(r) // reply_media
  if (flags & 2) h.topId = r.int()
  if (flags & 64) h.quoteText = text(r)
  if (flags & 128) h.quoteEntities = readEntities(r)
  if (flags & 1024) r.pos += 4 // quote_offset
  if (flags & 2048) r.pos += 4 // todo_item_id
  if (flags & 4096) skipBytes(r) // poll_option
  return h
}

function readForward(r: TlBinaryReader, f: ForwardRecord): ForwardRecord {
  const id = r.uint()
  if (id !== ID.messageFwdHeader) miss('forward header', id)
  const flags = r.uint()
  f.reset()
  if (flags & 1) {
    f.fromKind = readPeer(r, peerId)
    f.fromId = peerId.value
  }
  if (flags & 32) f.fromName = text(r)
  f.date = r.int()
  if (flags & 4) f.channelPost = r.int()
  if (flags & 8) f.postAuthor = text(r)
  if (flags & 16) {
    f.savedFromPeerKind = readPeer(r, peerId)
    f.savedFromPeerId = peerId.value
    r.pos += 4 // saved_from_msg_id
  }
  if (flags & 256) {
    f.savedFromKind = readPeer(r, peerId)
    f.savedFromId = peerId.value
  }
  if (flags & 512) f.savedFromName = text(r)
  if (flags & 1024) r.pos += 4 // saved_date
  if (flags & 64) skipBytes(r) // psa_type
  return f
}

function readReplies(r: TlBinaryReader, m: MessageRecord): void {
  const id = r.uint()
  if (id !== ID.messageReplies) miss('replies', id)
  const flags = r.uint()
  m.hasReplies = true
  m.replies = r.int()
  r.pos += 4 // replies_pts
  if (flags & 2) {
    const n = vectorLength(r)
    for (let i = 0; i < n; i++) skipPeer(r)
  }
  m.comments = (flags & 1) !== 0
  if (flags & 1) m.commentsGroup = r.int53()
  if (flags & 4) m.commentsMaxId = r.int()
  if (flags & 8) r.pos += 4 // read_max_id
}

/** messageReactions -> the model's reactions (map/'s mapReactions: empty and unknown reactions are left out). */
function readReactions(r: TlBinaryReader): Reaction[] {
  const id = r.uint()
  if (id !== ID.messageReactions) miss('reactions', id)
  const flags = r.uint()
  const out: Reaction[] = []
  const n = vectorLength(r)
  for (let i = 0; i < n; i++) {
    const c = r.uint()
    if (c !== ID.reactionCount) miss('reaction count', c)
    const cflags = r.uint()
    if (cflags & 1) r.pos += 4 // chosen_order
    const rid = r.uint()
    let emoji: string | undefined
    if (rid === ID.reactionEmoji) emoji = text(r)
    else if (rid === ID.reactionCustomEmoji) emoji = 'custom:' + longText(r)
    else if (rid === ID.reactionPaid) emoji = 'paid'
    else {
      r.pos -= 4
      skipObject(r)
    }
    const count = r.int()
    if (emoji === undefined) continue
    out.push(cflags & 1 ? { emoji, count, chosen: true } : { emoji, count })
  }
  if (flags & 2) skipObject(r) // recent_reactions
  if (flags & 16) skipObject(r) // top_reactors
  return out
}

/** Vector<MessageEntity> -> model entities (map/'s mapEntity; kinds it reads rarely go through mtcute and mapEntity). */
export function readEntities(r: TlBinaryReader): Entity[] {
  const n = vectorLength(r)
  const out: Entity[] = []
  for (let i = 0; i < n; i++) out.push(readEntity(r))
  return out
}

function readEntity(r: TlBinaryReader): Entity {
  const id = r.uint()
  switch (id) {
    case ID.messageEntityBold: return { type: 'bold', offset: r.int(), length: r.int() }
    case ID.messageEntityItalic: return { type: 'italic', offset: r.int(), length: r.int() }
    case ID.messageEntityUnderline: return { type: 'underline', offset: r.int(), length: r.int() }
    case ID.messageEntityStrike: return { type: 'strike', offset: r.int(), length: r.int() }
    case ID.messageEntitySpoiler: return { type: 'spoiler', offset: r.int(), length: r.int() }
    case ID.messageEntityCode: return { type: 'code', offset: r.int(), length: r.int() }
    case ID.messageEntityPre: {
      const offset = r.int()
      const length = r.int()
      const language = text(r)
      return language ? { type: 'pre', offset, length, language } : { type: 'pre', offset, length }
    }
    case ID.messageEntityTextUrl: {
      const offset = r.int()
      const length = r.int()
      return { type: 'text_link', offset, length, url: text(r) }
    }
    case ID.messageEntityUrl: return { type: 'url', offset: r.int(), length: r.int() }
    case ID.messageEntityEmail: return { type: 'email', offset: r.int(), length: r.int() }
    case ID.messageEntityPhone: return { type: 'phone', offset: r.int(), length: r.int() }
    case ID.messageEntityMention: return { type: 'mention', offset: r.int(), length: r.int() }
    case ID.messageEntityMentionName: {
      const offset = r.int()
      const length = r.int()
      return { type: 'mention_name', offset, length, userId: r.int53() }
    }
    case ID.messageEntityHashtag: return { type: 'hashtag', offset: r.int(), length: r.int() }
    case ID.messageEntityCashtag: return { type: 'cashtag', offset: r.int(), length: r.int() }
    case ID.messageEntityBotCommand: return { type: 'bot_command', offset: r.int(), length: r.int() }
    case ID.messageEntityBankCard: return { type: 'bank_card', offset: r.int(), length: r.int() }
    case ID.messageEntityCustomEmoji: {
      const offset = r.int()
      const length = r.int()
      return { type: 'custom_emoji', offset, length, documentId: longText(r) }
    }
    case ID.messageEntityBlockquote: {
      const collapsed = (r.uint() & 1) !== 0
      const offset = r.int()
      const length = r.int()
      return collapsed ? { type: 'blockquote', offset, length, collapsed: true } : { type: 'blockquote', offset, length }
    }
    case ID.messageEntityUnknown: return { type: 'unknown', offset: r.int(), length: r.int() }
    default:
      // formatted dates, diffs, input mentions: mtcute reads them, map/ keeps their span
      r.pos -= 4
      return mapEntity(r.object() as tl.TypeMessageEntity)
  }
}
