// What a message's reply and forward headers mean in the model, for both readers of history
// (mtcute's objects in map/message.ts, the lean records in lean/history-answer.ts): one rule each,
// so the two cannot drift.
import type { Entity, Forward, Peer, ReplyTo } from '../../model/types.ts'

/** A messageReplyHeader's fields, whichever reader found them (the chat as a bare id). */
export interface ReplyFields {
  msgId: number | undefined
  topId: number | undefined
  forumTopic: boolean
  chatId: number | undefined
  quote: boolean
  quoteText: string | undefined
  quoteEntities: Entity[] | undefined
}

/**
 * Plain objects (their constructor is Object) with V8 hidden classes of their own (issue 10). Built
 * from `{}` key by key, a ReplyTo shared its hidden classes with the objects tagged-body.ts decodes,
 * built the same way: a decoded quote (another hidden class than the literal below) widened the
 * `quote` field's type under the lean reader's optimized assemble(), and V8 threw that code away
 * and compiled it again (--trace-deopt: 'code dependencies', right after --trace-generalization's
 * 'quote' in tagged-body.js, once per fast export).
 */
const NewReplyTo = function () {} as unknown as new () => ReplyTo
NewReplyTo.prototype = Object.prototype

export function replyTo(h: ReplyFields): ReplyTo | undefined {
  const r = new NewReplyTo()
  let any = false
  // In a forum, a header with forumTopic but no replyToTopId only says which topic the message is in.
  if (h.msgId !== undefined && !(h.forumTopic && h.topId === undefined)) {
    r.messageId = h.msgId
    any = true
  }
  if (h.chatId !== undefined) {
    r.chatId = h.chatId
    any = true
  }
  if (h.quote && h.quoteText) {
    r.quote = { text: h.quoteText, entities: h.quoteEntities ?? [] }
    any = true
  }
  return any ? r : undefined
}

/** The forum topic a message is in, from its reply header (General when it names none). */
export function topicOfHeader(forumTopic: boolean, topId: number | undefined, msgId: number | undefined): number {
  return forumTopic ? topId ?? msgId ?? 1 : 1
}

/** A messageFwdHeader's fields, whichever reader found them (its peers already looked up). */
export interface ForwardFields {
  date: number
  from: Peer | undefined
  fromName: string | undefined
  channelPost: number | undefined
  postAuthor: string | undefined
  /** the saved-from name, else the name of its peer */
  savedFrom: string | undefined
}

export function forwardFrom(f: ForwardFields): Forward {
  const out: Forward = { date: f.date }
  if (f.from) {
    out.fromPeer = f.from
    out.from = f.from.name
  } else if (f.fromName) {
    out.from = f.fromName
  }
  if (f.channelPost !== undefined) out.messageId = f.channelPost
  if (f.postAuthor) out.signature = f.postAuthor
  if (f.savedFrom !== undefined) out.savedFrom = f.savedFrom
  return out
}
