// A history answer (messages.messages, messagesSlice, channelMessages) as history.ts reads it:
// either mtcute's object mapped by map/mapMessage, or the answer's TL bytes read straight into model
// Messages (issue 10: the TL objects of a page, one per message, entity, peer, size..., were most of
// what a fetched message allocated). Bytes the lean reader does not know are decoded by mtcute
// and mapped by map/, so both roads give the same Message.
import type { tl } from '@mtcute/core'
import { TlBinaryReader, __tlReaderMap } from '@mtcute/core/utils.js'
import type { Forward, Message, ReplyTo } from '../../model/types.ts'
import { bareIdOf } from '../map/convert.ts'
import { mapAction } from '../map/action.ts'
import { mapMedia } from '../map/media.ts'
import { mapMessage, type MapMessageOptions } from '../map/message.ts'
import { forwardFrom, replyTo, topicOfHeader } from '../map/headers.ts'
import type { PeerIndex } from '../map/peers.ts'
import { EMPTY, MessageRecord, SERVICE, readMessage, type ForwardRecord, type ReplyRecord } from './read-message.ts'
import { releaseAnswer } from '../release-answer.ts'
import { ID } from './tl-ids.ts'
import { KIND_NAME, USER, miss, readingAnswer, skipObject, type PeerKind } from './wire.ts'

export interface HistoryAnswer {
  notModified: boolean
  /** the server's total (messages.messages: the length of the answer) */
  count: number
  /** messages in the answer, messageEmpty included */
  length: number
  users: tl.TypeUser[]
  chats: tl.TypeChat[]
  /** id of the i-th message of the answer (newest first) */
  id(i: number): number
  /** the i-th message in the model, or undefined for a messageEmpty */
  message(i: number, peers: PeerIndex, opts: MapMessageOptions): Message | undefined
  /**
   * The page is built: let go of what was read. Whatever still holds the answer (the promises of the
   * call, the reused records) would otherwise keep it alive through young collections (release-answer.ts).
   */
  done(): void
}

/** How many answers each road took: tests check the lean road is the one taken. */
export const leanStats = { lean: 0, mtcute: 0 }

/** An answer as mtcute decoded it, or as the raw bytes of one (from rawHistoryCall). */
export function historyAnswer(res: tl.messages.TypeMessages | Uint8Array): HistoryAnswer {
  if (!(res instanceof Uint8Array)) return new TlAnswer(res)
  try {
    const lean = readLean(res)
    leanStats.lean++
    return lean
  } catch {
    // something the lean reader does not know (or bytes mtcute cannot read either: it throws below)
    leanStats.mtcute++
    return mtcuteHistoryAnswer(res)
  }
}

/** The answer's bytes decoded by mtcute, its messages mapped by mapMessage: the road before the lean reader. */
export function mtcuteHistoryAnswer(bytes: Uint8Array): HistoryAnswer {
  return new TlAnswer(TlBinaryReader.deserializeObject(__tlReaderMap, bytes) as tl.messages.TypeMessages)
}

const NO_USERS: tl.TypeUser[] = []
const EMPTY_BYTES = new Uint8Array(0)
const NO_CHATS: tl.TypeChat[] = []

class TlAnswer implements HistoryAnswer {
  readonly notModified: boolean
  readonly count: number
  readonly length: number
  readonly users: tl.TypeUser[]
  readonly chats: tl.TypeChat[]
  private readonly messages: tl.TypeMessage[]

  constructor(private readonly res: tl.messages.TypeMessages) {
    if (res._ === 'messages.messagesNotModified') {
      this.notModified = true
      this.count = 0
      this.messages = []
      this.users = NO_USERS
      this.chats = NO_CHATS
    } else {
      this.notModified = false
      this.count = res._ === 'messages.messages' ? res.messages.length : res.count
      this.messages = res.messages
      this.users = res.users
      this.chats = res.chats
    }
    this.length = this.messages.length
  }

  id(i: number): number {
    return this.messages[i]!.id
  }

  message(i: number, peers: PeerIndex, opts: MapMessageOptions): Message | undefined {
    return mapMessage(this.messages[i]!, peers, opts)
  }

  done(): void {
    if (this.res._ !== 'messages.messagesNotModified') releaseAnswer(this.res)
  }
}

/** Records reused by every lean answer; each answer reads them only until the next one is read. */
const RECORDS: MessageRecord[] = []
let generation = 0

class LeanAnswer implements HistoryAnswer {
  private readonly generation = generation

  constructor(
    readonly notModified: boolean,
    readonly count: number,
    readonly length: number,
    readonly users: tl.TypeUser[],
    readonly chats: tl.TypeChat[],
  ) {}

  id(i: number): number {
    return this.record(i).id
  }

  message(i: number, peers: PeerIndex, opts: MapMessageOptions): Message | undefined {
    const r = this.record(i)
    return r.kind === EMPTY ? undefined : assemble(r, peers, opts)
  }

  done(): void {
    if (this.generation !== generation) return
    for (let i = 0; i < this.length; i++) RECORDS[i]!.reset()
    readingAnswer(EMPTY_BYTES)
    // nothing is left to read: a later read throws as one after the next answer does
    generation++
  }

  private record(i: number): MessageRecord {
    // history.ts maps an answer as soon as it is read, before anything else runs
    if (this.generation !== generation) throw new Error('a lean history answer was read after done() or after the next one')
    if (i < 0 || i >= this.length) throw new RangeError(`no message ${i} in an answer of ${this.length}`)
    return RECORDS[i]!
  }
}

function readLean(bytes: Uint8Array): LeanAnswer {
  const r = new TlBinaryReader(__tlReaderMap, bytes)
  readingAnswer(bytes)
  const id = r.uint()
  let count = -1
  generation++
  switch (id) {
    case ID.messagesNotModified:
      return new LeanAnswer(true, 0, 0, NO_USERS, NO_CHATS)
    case ID.messagesMessages:
      break
    case ID.messagesSlice: {
      const flags = r.uint()
      count = r.int()
      if (flags & 1) r.pos += 4 // next_rate
      if (flags & 4) r.pos += 4 // offset_id_offset
      if (flags & 8) skipObject(r) // search_flood
      break
    }
    case ID.channelMessages: {
      const flags = r.uint()
      r.pos += 4 // pts
      count = r.int()
      if (flags & 4) r.pos += 4 // offset_id_offset
      break
    }
    default:
      miss('history answer', id)
  }
  const n = readRecords(r)
  // topics, chats and users: few per page, read by mtcute (InputPeers and PeerIndex take its objects)
  vectorObject(r)
  const chats = vectorObject(r) as tl.TypeChat[]
  const users = vectorObject(r) as tl.TypeUser[]
  return new LeanAnswer(false, count < 0 ? n : count, n, users, chats)
}

/** Reads the messages vector into RECORDS[0..n): n. */
function readRecords(r: TlBinaryReader): number {
  const id = r.uint()
  if (id !== ID.vector) miss('vector', id)
  const n = r.uint()
  for (let i = 0; i < n; i++) {
    if (i === RECORDS.length) RECORDS.push(new MessageRecord())
    readMessage(r, RECORDS[i]!)
  }
  return n
}

function vectorObject(r: TlBinaryReader): unknown[] {
  if (r.peekUint() !== ID.vector) miss('vector', r.peekUint())
  return r.object() as unknown[]
}

/** The record as map/mapMessage builds a Message: the same fields in the same order. */
function assemble(r: MessageRecord, peers: PeerIndex, opts: MapMessageOptions): Message {
  const isService = r.kind === SERVICE
  const out: Message = {
    id: r.id,
    chatId: opts.chatId,
    date: r.date,
    text: isService ? '' : r.text,
    entities: isService || !r.entities ? [] : r.entities,
  }
  const flags = r.flags
  const isOut = (flags & 2) !== 0
  if (isOut) out.out = true
  if (r.fromKind) out.sender = peers.peerOrStubOf(KIND_NAME[r.fromKind], r.fromId)
  else if (isOut && r.peerKind === USER) {
    if (peers.self) out.sender = peers.self
  } else out.sender = peers.peerOrStubOf(KIND_NAME[r.peerKind as PeerKind], r.peerId)

  if (r.reply) {
    const reply = replyOf(r.reply)
    if (reply) out.replyTo = reply
  }
  if (opts.forum) out.topicId = topicOf(r)
  if (flags & 8192) out.silent = true
  if (r.reactions?.length) out.reactions = r.reactions

  if (isService) {
    const service = mapAction(r.action!, peers)
    if (out.replyTo?.messageId !== undefined) service.messageId = out.replyTo.messageId
    out.service = service
    return out
  }

  if (r.editDate && !(flags & (1 << 21))) out.editDate = r.editDate
  if (r.postAuthor) out.signature = r.postAuthor
  if (r.forward) out.forward = forwardOf(r.forward, peers)
  if (r.viaBotId) {
    const bot = peers.user(r.viaBotId)
    out.viaBot = bot ? bot.username ?? bot.name : peers.userName(r.viaBotId)
  }
  if (r.groupedId !== undefined) out.groupedId = r.groupedId
  if (r.views !== undefined) out.views = r.views
  if (r.forwards !== undefined) out.forwards = r.forwards
  if (r.hasReplies) out.replies = r.replies
  if (r.comments && r.commentsGroup && r.replies > 0 && r.commentsMaxId) out.comments = { groupId: r.commentsGroup, maxId: r.commentsMaxId }
  if (flags & (1 << 24)) out.pinned = true
  if (r.media) {
    const media = '_' in r.media ? mapMedia(r.media, peers) : r.media
    if (media) out.media = media
  }
  return out
}

function replyOf(h: ReplyRecord): ReplyTo | undefined {
  if (h.story) return { storyId: h.storyId, chatId: bareIdOf(KIND_NAME[h.peerKind as PeerKind], h.peerId) }
  return replyTo({
    msgId: h.msgId, topId: h.topId, forumTopic: h.forumTopic,
    chatId: h.peerKind ? bareIdOf(KIND_NAME[h.peerKind], h.peerId) : undefined,
    quote: h.quote, quoteText: h.quoteText, quoteEntities: h.quoteEntities,
  })
}

function topicOf(r: MessageRecord): number {
  if (r.kind === SERVICE && r.action!._ === 'messageActionTopicCreate') return r.id
  const h = r.reply
  return h && !h.story ? topicOfHeader(h.forumTopic, h.topId, h.msgId) : 1
}

function forwardOf(f: ForwardRecord, peers: PeerIndex): Forward {
  const savedKind = f.savedFromKind || f.savedFromPeerKind
  const savedId = f.savedFromKind ? f.savedFromId : f.savedFromPeerId
  return forwardFrom({
    date: f.date, from: f.fromKind ? peers.peerOrStubOf(KIND_NAME[f.fromKind], f.fromId) : undefined,
    fromName: f.fromName, channelPost: f.channelPost, postAuthor: f.postAuthor,
    savedFrom: f.savedFromName || (savedKind ? peers.peerOrStubOf(KIND_NAME[savedKind], savedId).name : undefined),
  })
}
