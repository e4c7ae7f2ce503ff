// writeDesktopExport / writeDesktopAccount: chats and their messages as a result.json in Desktop's current format.
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Chat, ChatKind, Message, Peer } from '../model/types.ts'
import { mapChat } from './chat.ts'
import { diffChat, diffMessage, EXTRAS_KEY } from './extras.ts'
import type { Json, JsonObject } from './json.ts'
import { mapMessage, type MessageContext } from './message.ts'
import { DELETED_ACCOUNT } from './peer.ts'
import { GENERAL_TOPIC_ID, TopicTracker } from './topics.ts'
import { actionFields, desktopDate, mediaFields, textField, textParts } from './write-fields.ts'

export interface WriteDesktopOptions {
  /** Relative path (inside outDir) of a message's file, when the caller placed it; else FileRef.ref is used. */
  mediaPathFor?(m: Message): string | undefined
  /**
   * Also write, under "tobs", what Desktop's fields cannot say (extras.ts), so that this reader
   * gives back exactly the model it was given. Default true; other readers ignore the key.
   */
  lossless?: boolean
}

/** One chat of a full-account export. */
export interface DesktopChatOut {
  chat: Chat
  messages: AsyncIterable<Message> | Iterable<Message>
}

type Obj = Record<string, unknown>
type Write = (s: string) => Promise<void>

/**
 * Writes `<outDir>/result.json` message by message (never holding the chat), in the layout
 * tdesktop writes for "Export chat history" today: date + date_unixtime, text + text_entities,
 * "user123" peer ids. Nested entities are flattened in the Desktop fields (the outer one wins);
 * everything Desktop's format lacks goes under "tobs" unless `lossless` is false.
 */
export async function writeDesktopExport(
  outDir: string,
  chat: Chat,
  messages: AsyncIterable<Message> | Iterable<Message>,
  opts: WriteDesktopOptions = {},
): Promise<number> {
  return withJsonFile(outDir, async (write) => {
    const n = await writeChat(write, chat, 0, messages, opts, '')
    await write('\n')
    return n
  })
}

/**
 * Writes `<outDir>/result.json` as tdesktop's "Export Telegram data" does for many chats:
 * `{"about": ..., "chats": {"about": ..., "list": [chat, ...]}}`, each chat as in a single-chat
 * export. Returns the number of messages written.
 */
export async function writeDesktopAccount(
  outDir: string,
  chats: AsyncIterable<DesktopChatOut> | Iterable<DesktopChatOut>,
  opts: WriteDesktopOptions = {},
): Promise<number> {
  return withJsonFile(outDir, async (write) => {
    await write(`{\n "about": ${JSON.stringify(ABOUT)},\n "chats": {\n  "about": ${JSON.stringify(CHATS_ABOUT)},\n  "list": [`)
    let index = 0
    let messages = 0
    for await (const c of chats) {
      await write(index === 0 ? '\n   ' : ',\n   ')
      messages += await writeChat(write, c.chat, index, c.messages, opts, '   ')
      index++
    }
    await write(`${index === 0 ? '' : '\n  '}]\n }\n}\n`)
    return messages
  })
}

const ABOUT = 'Here is the data you requested. Remember: Telegram is ad free, it doesn\'t sell your data to advertisers.'
const CHATS_ABOUT = 'This page lists all chats from this export.'

async function withJsonFile<T>(outDir: string, body: (write: Write) => Promise<T>): Promise<T> {
  await mkdir(outDir, { recursive: true })
  const out = createWriteStream(join(outDir, 'result.json'))
  const failed = new Promise<never>((_, reject) => out.once('error', reject))
  failed.catch(() => undefined)
  const write = async (s: string): Promise<void> => {
    if (!out.write(s)) await Promise.race([once(out, 'drain'), failed])
  }
  try {
    const result = await body(write)
    out.end()
    await Promise.race([once(out, 'finish'), failed])
    return result
  } finally {
    out.destroy()
  }
}

/** One chat object (header, then its messages), its first line at the cursor, indented by `pad`. */
async function writeChat(
  write: Write, chat: Chat, index: number, messages: AsyncIterable<Message> | Iterable<Message>,
  opts: WriteDesktopOptions, pad: string,
): Promise<number> {
  const lossless = opts.lossless !== false
  const header = chatHeader(chat, index, lossless)
  const fields = Object.entries(header).map(([k, v]) => `${pad} ${JSON.stringify(k)}: ${indent(JSON.stringify(v, null, 1), `${pad} `)}`)
  await write(`{\n${fields.join(',\n')},\n${pad} "messages": [`)
  // The reader's own state for this chat, so that extras are computed against what it will see.
  const ctx: MessageContext = { chatId: chat.id, lastDate: 0 }
  if (chat.kind === 'forum') ctx.topics = new TopicTracker()
  let n = 0
  for await (const m of messages) {
    const o = desktopMessage(m, opts)
    if (lossless) {
      const extras = diffMessage(m, mapMessage(JSON.parse(JSON.stringify(o)) as Json, n, ctx))
      if (extras) o[EXTRAS_KEY] = extras
    }
    await write(`${n === 0 ? '\n' : ',\n'}${pad}  ${indent(JSON.stringify(o, null, 1), `${pad}  `)}`)
    n++
  }
  await write(`${n === 0 ? '' : `\n${pad} `}]\n${pad}}`)
  return n
}

function indent(json: string, pad: string): string {
  return json.replace(/\n/g, `\n${pad}`)
}

function chatHeader(chat: Chat, index: number, lossless: boolean): Obj {
  const header: Obj = chat.kind === 'saved' ? {} : { name: chat.title }
  header.type = chatType(chat.kind, chat.username)
  header.id = chat.id
  if (lossless) {
    const extras = diffChat(chat, mapChat(JSON.parse(JSON.stringify(header)) as JsonObject, index, undefined))
    if (extras) header[EXTRAS_KEY] = extras
  }
  return header
}

function chatType(kind: ChatKind, username: string | undefined): string {
  switch (kind) {
    case 'private': return 'personal_chat'
    case 'bot': return 'bot_chat'
    case 'group': return 'private_group'
    case 'supergroup':
    case 'forum': return username ? 'public_supergroup' : 'private_supergroup'
    case 'channel': return username ? 'public_channel' : 'private_channel'
    case 'saved': return 'saved_messages'
  }
}

function peerId(p: Pick<Peer, 'id' | 'kind'>): string {
  return `${p.kind}${p.id}`
}

/** Desktop writes null for the name of a deleted account. */
function peerName(name: string): string | null {
  return name === DELETED_ACCOUNT ? null : name
}

function desktopMessage(m: Message, opts: WriteDesktopOptions): Obj {
  const o: Obj = { id: m.id }
  const unsupported = m.media?.type === 'unsupported' && !m.service
  o.type = m.service ? 'service' : unsupported ? 'unsupported' : 'message'
  o.date = desktopDate(m.date)
  o.date_unixtime = String(m.date)
  if (m.editDate !== undefined) {
    o.edited = desktopDate(m.editDate)
    o.edited_unixtime = String(m.editDate)
  }
  if (unsupported) return o
  if (m.service) {
    if (m.sender) {
      o.actor = peerName(m.sender.name)
      o.actor_id = peerId(m.sender)
    }
    Object.assign(o, actionFields(m.service))
  } else {
    if (m.sender) {
      o.from = peerName(m.sender.name)
      o.from_id = peerId(m.sender)
    }
    if (m.signature !== undefined) o.author = m.signature
    if (m.forward?.from !== undefined) {
      o.forwarded_from = peerName(m.forward.from)
      if (m.forward.fromPeer) o.forwarded_from_id = peerId(m.forward.fromPeer)
    }
    if (m.forward?.savedFrom !== undefined) o.saved_from = peerName(m.forward.savedFrom)
    // In a forum, a message of a topic that replies to nothing points at the topic's root.
    const replyId = m.replyTo?.messageId ?? (m.topicId !== undefined && m.topicId !== GENERAL_TOPIC_ID ? m.topicId : undefined)
    if (replyId !== undefined) {
      o.reply_to_message_id = replyId
      if (m.replyTo?.chatId !== undefined) o.reply_to_peer_id = `channel${m.replyTo.chatId}`
    }
    if (m.viaBot !== undefined) o.via_bot = `@${m.viaBot}`
    if (m.media) Object.assign(o, mediaFields(m, m.media, opts.mediaPathFor?.(m)))
  }
  const parts = textParts(m)
  o.text = textField(parts)
  o.text_entities = parts
  if (m.reactions && m.reactions.length > 0) {
    o.reactions = m.reactions.map((r) => {
      if (r.emoji === 'paid') return { type: 'paid', count: r.count }
      if (r.emoji.startsWith('custom:')) return { type: 'custom_emoji', count: r.count, document_id: r.emoji.slice('custom:'.length) }
      return { type: 'emoji', count: r.count, emoji: r.emoji }
    })
  }
  return o
}
