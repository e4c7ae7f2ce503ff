// One raw Desktop message object -> the model's Message.
import type { Forward, Message, Reaction } from '../model/types.ts'
import { DesktopExportError } from './errors.ts'
import { Fields } from './fields.ts'
import { isObject, typeName, type Json } from './json.ts'
import { mapMedia } from './media.ts'
import { DELETED_ACCOUNT, parsePeer, parsePeerId } from './peer.ts'
import { mapService } from './service.ts'
import { parseText } from './text.ts'
import type { TopicTracker } from './topics.ts'

export interface MessageContext {
  chatId: number
  /** set for forums: places messages into topics */
  topics?: TopicTracker
  /** date of the previous message, for entries that carry none (type "unsupported") */
  lastDate: number
}

export function mapMessage(raw: Json, index: number, ctx: MessageContext): Message {
  if (!isObject(raw)) throw new DesktopExportError(`message #${index + 1} should be an object, got ${typeName(raw)}`)
  const idField = new Fields(raw, `message #${index + 1}`)
  const id = idField.id('id', 1)
  if (id === undefined) throw new DesktopExportError(`message #${index + 1} has no "id"`)
  const f = new Fields(raw, `message id ${id}`)
  const type = f.str('type') ?? 'message'
  const known = type === 'message' || type === 'service'
  const date = readDate(f, 'date') ?? (known ? undefined : ctx.lastDate)
  if (date === undefined) throw new DesktopExportError(`message id ${id}: field "date" is missing`)
  ctx.lastDate = date

  const { text, entities } = parseText(f.raw('text'), f.raw('text_entities'), f.where)
  const msg: Message = { id, chatId: ctx.chatId, date, text, entities }
  const editDate = readDate(f, 'edited')
  if (editDate !== undefined) msg.editDate = editDate

  if (!known) {
    // Desktop writes {"id", "type": "unsupported"} for messages it cannot export.
    msg.text = `[Telegram Desktop did not export this message (type "${type}")]`
    msg.media = { type: 'unsupported', what: `Desktop export message type "${type}"` }
    placeTopic(msg, ctx, undefined, false)
    return msg
  }

  const sender = type === 'service'
    ? parsePeer(f.raw('actor'), f.raw('actor_id'), f.where, 'actor_id') ?? parsePeer(f.raw('from'), f.raw('from_id'), f.where, 'from_id')
    : parsePeer(f.raw('from'), f.raw('from_id'), f.where, 'from_id')
  if (sender) msg.sender = sender

  if (type === 'service') {
    msg.service = mapService(f)
    placeTopic(msg, ctx, undefined, f.str('action') === 'topic_created')
    return msg
  }

  const signature = f.str('author')
  if (signature !== undefined) msg.signature = signature
  const forward = readForward(f)
  if (forward) msg.forward = forward
  const viaBot = f.str('via_bot')
  // Desktop writes "@name"; the model keeps the bare username like the live export.
  if (viaBot !== undefined) msg.viaBot = viaBot.replace(/^@/, '')
  const replyId = f.id('reply_to_message_id', 1)
  if (replyId !== undefined) {
    msg.replyTo = { messageId: replyId }
    const peer = parsePeerId(f.raw('reply_to_peer_id'), f.where, 'reply_to_peer_id')
    if (peer) msg.replyTo.chatId = peer.id
  }
  const reactions = readReactions(f)
  if (reactions.length > 0) msg.reactions = reactions
  const media = mapMedia(f, ctx.chatId, id)
  if (media) msg.media = media
  placeTopic(msg, ctx, msg.replyTo?.chatId === undefined ? replyId : undefined, false)
  return msg
}

/** Unix seconds from `<key>_unixtime`, else from the `<key>` string. */
function readDate(f: Fields, key: string): number | undefined {
  // a whole number: 1.5 became a search row id SQLite refused ("datatype mismatch", after the notes)
  const unix = f.id(`${key}_unixtime`)
  if (unix !== undefined) return unix
  const text = f.str(key)
  if (text === undefined) return undefined
  // Exports before ~2022 have only "2020-11-12T12:53:52": the exporting machine's local time
  // with no zone. The zone is unknowable, so it is read as UTC (hours may be off by the offset).
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`)
  if (!Number.isFinite(ms)) throw new DesktopExportError(`${f.where}: field "${key}" is not a date: ${JSON.stringify(text)}`)
  return Math.floor(ms / 1000)
}

function readForward(f: Fields): Forward | undefined {
  const hasFrom = f.has('forwarded_from')
  const savedFrom = f.raw('saved_from')
  if (!hasFrom && savedFrom === undefined) return undefined
  // Desktop does not export the original date of a forward; 0 means "unknown".
  const fwd: Forward = { date: 0 }
  if (hasFrom) {
    const name = f.raw('forwarded_from')
    if (name !== null && typeof name !== 'string') throw f.wrong('forwarded_from', 'a string or null', name ?? null)
    fwd.from = name ?? DELETED_ACCOUNT
    const peer = parsePeer(name, f.raw('forwarded_from_id'), f.where, 'forwarded_from_id')
    if (peer) fwd.fromPeer = peer
  }
  if (savedFrom !== undefined) {
    if (savedFrom !== null && typeof savedFrom !== 'string') throw f.wrong('saved_from', 'a string or null', savedFrom)
    fwd.savedFrom = savedFrom ?? DELETED_ACCOUNT
  }
  return fwd
}

function readReactions(f: Fields): Reaction[] {
  return f.objects('reactions').map((r) => {
    const type = r.str('type')
    const count = r.num('count') ?? 0
    // document_id is a string in Desktop's output; accept a number from hand-made files too.
    if (type === 'custom_emoji') return { emoji: `custom:${String(r.raw('document_id') ?? '')}`, count }
    if (type === 'paid') return { emoji: 'paid', count }
    return { emoji: r.str('emoji') ?? '?', count }
  })
}

function placeTopic(msg: Message, ctx: MessageContext, replyId: number | undefined, createsTopic: boolean): void {
  if (!ctx.topics) return
  const { topicId, keepReply } = ctx.topics.place(msg.id, replyId, createsTopic)
  msg.topicId = topicId
  if (!keepReply) delete msg.replyTo
}
