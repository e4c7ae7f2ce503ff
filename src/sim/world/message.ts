// Assembles one SimMessage from (seed, chat, id): sender, reply, forward, extras and content.
import { hash, Rng } from './hash.ts'
import { dateOf } from './ids.ts'
import { BOT_ID, SELF_ID } from './layout.ts'
import { actionOf, mediaOf, textOf } from './content.ts'
import { albumOf, categoryOf, topicOf, type ChatRef } from './structure.ts'
import type { TextContext } from './text.ts'
import type { SimMessage, SimReplyTo } from './types.ts'

export interface MessageEnv {
  exists: (c: ChatRef, id: number) => boolean
  revision: (c: ChatRef, id: number) => number
  fileId: (c: ChatRef, id: number, slot: number) => string
  textContext: (c: ChatRef) => TextContext
  /** a channel of the world to forward from: [channel id, its max id] */
  forwardSource: { channelId: number; maxId: number }
}

const REACTIONS = ['👍', '❤', '🔥', '😁', '🎉']
const HIDDEN_NAMES = ['Hidden Sender', 'Анонимный 🦊']
const AUTHORS = ['Alice Archer', 'Editor 🦊']
const REPLY_WALK = 30

export function buildMessage(env: MessageEnv, c: ChatRef, id: number): SimMessage {
  const chat = c.chat
  const category = categoryOf(c, id)
  const rng = new Rng(hash(c.seed, c.index, id, 0x3e5))
  const date = dateOf(c.seed, c.space, id)
  const isService = category === 'create' || category === 'topic' || category === 'service'
  const topicId = chat.topics ? topicOf(c, id) : undefined

  const m: SimMessage = { id, chatId: chat.id, date, out: false, text: '', entities: [], revision: env.revision(c, id) }
  if (topicId !== undefined) m.topicId = topicId

  // sender
  if (chat.kind === 'channel') {
    if (!isService && rng.chance(0.3)) m.postAuthor = rng.pick(AUTHORS)
  } else if (chat.kind === 'saved') {
    m.senderId = SELF_ID
  } else if (chat.kind === 'private' || chat.kind === 'bot') {
    m.senderId = rng.chance(0.5) ? SELF_ID : chat.id
  } else {
    m.senderId = category === 'create' || rng.chance(0.15) ? SELF_ID : rng.pick(chat.memberIds)
  }
  m.out = m.senderId === SELF_ID

  // reply target: an earlier existing message (in the same forum topic)
  const wantsTarget = category === 'service' || (!isService && category !== 'album' && rng.chance(chat.kind === 'channel' ? 0.03 : 0.15))
  const target = wantsTarget ? findTarget(env, c, id, topicId, rng) : undefined

  if (isService) {
    m.service = actionOf(c, id, category, target !== undefined)
    const t = m.service.type
    const inTopic = topicId !== undefined && topicId !== 1 && category !== 'topic'
    if ((t === 'pin_message' || t === 'game_score') && target !== undefined) {
      m.replyTo = inTopic ? { messageId: target, topId: topicId, forumTopic: true } : { messageId: target }
    } else if (inTopic) {
      m.replyTo = { messageId: topicId, forumTopic: true }
    }
    if (chat.kind === 'channel') delete m.senderId
    m.out = m.senderId === SELF_ID
    return m
  }

  const ctx = env.textContext(c)
  const body = textOf(c, id, category, ctx)
  m.text = body.text
  m.entities = body.entities
  const media = mediaOf(c, id, category, chat.memberIds.length ? chat.memberIds : [BOT_ID], { fileId: (slot) => env.fileId(c, id, slot) })
  if (media) m.media = media
  const album = category === 'album' ? albumOf(c, id) : undefined
  if (album) m.groupedId = album.groupedId

  const reply = replyHeader(c, topicId, target, rng, ctx)
  if (reply) m.replyTo = reply

  if (rng.chance(chat.kind === 'saved' ? 0.5 : 0.06) && category !== 'album') {
    const kind = rng.int(3)
    const fwdDate = date - rng.range(60, 86400 * 30)
    if (kind === 0) m.forward = { date: fwdDate, fromUserId: rng.pick([100000001, 100000004, 100000007]) }
    else if (kind === 1) m.forward = { date: fwdDate, fromChannelId: env.forwardSource.channelId, channelPost: 1 + rng.int(env.forwardSource.maxId), ...(rng.chance(0.3) ? { postAuthor: 'Editor 🦊' } : {}) }
    else m.forward = { date: fwdDate, fromName: rng.pick(HIDDEN_NAMES) }
  }
  if (chat.kind !== 'channel' && chat.kind !== 'saved' && rng.chance(0.02)) m.viaBotId = BOT_ID
  if (chat.kind === 'channel') {
    m.views = 100 + rng.int(5000)
    m.forwards = rng.int(50)
  }
  if (chat.kind !== 'saved' && rng.chance(0.2)) {
    const n = rng.range(1, 3)
    const start = rng.int(REACTIONS.length)
    m.reactions = Array.from({ length: n }, (_, i) => ({ emoji: REACTIONS[(start + i) % REACTIONS.length]!, count: 1 + rng.int(30) }))
  }
  if (rng.chance(0.05)) m.editDate = date + rng.range(60, 86400)
  if (m.revision > 0) {
    // world.edit: a visible change and a later edit date, stable per revision
    m.text = `${m.text}${m.text ? ' ' : ''}✏️ v${m.revision}`
    m.editDate = Math.max(m.editDate ?? date, date) + m.revision * 3600
  }
  return m
}

function findTarget(env: MessageEnv, c: ChatRef, id: number, topicId: number | undefined, rng: Rng): number | undefined {
  const lowest = topicId !== undefined && topicId !== 1 ? topicId + 1 : c.space.minId
  let t = id - 1 - rng.int(40)
  for (let step = 0; step < REPLY_WALK && t >= lowest; step++, t--) {
    if (!env.exists(c, t)) continue
    if (topicId !== undefined && topicOf(c, t) !== topicId) continue
    return t
  }
  return undefined
}

function replyHeader(c: ChatRef, topicId: number | undefined, target: number | undefined, rng: Rng, ctx: TextContext): SimReplyTo | undefined {
  const inTopic = topicId !== undefined && topicId !== 1
  if (target === undefined) return inTopic ? { messageId: topicId, forumTopic: true } : undefined
  const reply: SimReplyTo = inTopic ? { messageId: target, topId: topicId, forumTopic: true } : { messageId: target }
  if (rng.chance(0.33)) {
    const parent = textOf(c, target, categoryOf(c, target), ctx).text
    const quote = quoteOf(parent, rng)
    if (quote) reply.quote = quote
  }
  return reply
}

/** A fragment of the parent text that never splits a surrogate pair. */
function quoteOf(text: string, rng: Rng): { text: string; offset: number } | undefined {
  if (!text) return undefined
  let start = rng.int(Math.max(1, text.length - 4))
  let end = Math.min(text.length, start + 4 + rng.int(20))
  if (isLowSurrogate(text.charCodeAt(start))) start--
  if (end < text.length && isLowSurrogate(text.charCodeAt(end))) end++
  const quote = text.slice(start, end)
  return quote.trim() ? { text: quote, offset: start } : undefined
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff
}
