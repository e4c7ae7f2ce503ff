// writeDesktopExport: a chat and its messages as a single-chat result.json in Desktop's current format.
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Chat, ChatKind, Message, Peer } from '../model/types.ts'
import { DELETED_ACCOUNT } from './peer.ts'
import { GENERAL_TOPIC_ID } from './topics.ts'
import { actionFields, desktopDate, mediaFields, textField, textParts } from './write-fields.ts'

export interface WriteDesktopOptions {
  /** Relative path (inside outDir) of a message's file, when the caller placed it; else FileRef.ref is used. */
  mediaPathFor?(m: Message): string | undefined
}

type Obj = Record<string, unknown>

/**
 * Writes `<outDir>/result.json` message by message (never holding the chat), in the layout
 * tdesktop writes today: date + date_unixtime, text + text_entities, "user123" peer ids.
 * Lossy where Desktop's format is: views, pins, albums, web previews and forward dates have no
 * field; nested entities are flattened (the outer one wins).
 */
export async function writeDesktopExport(
  outDir: string,
  chat: Chat,
  messages: AsyncIterable<Message> | Iterable<Message>,
  opts: WriteDesktopOptions = {},
): Promise<void> {
  await mkdir(outDir, { recursive: true })
  const out = createWriteStream(join(outDir, 'result.json'))
  const failed = new Promise<never>((_, reject) => out.once('error', reject))
  failed.catch(() => undefined)
  const write = async (s: string): Promise<void> => {
    if (!out.write(s)) await Promise.race([once(out, 'drain'), failed])
  }
  try {
    const header: Obj = chat.kind === 'saved' ? {} : { name: chat.title }
    header.type = chatType(chat.kind, chat.username)
    header.id = chat.id
    await write(`{\n${Object.entries(header).map(([k, v]) => ` ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n')},\n "messages": [`)
    let first = true
    for await (const m of messages) {
      const json = JSON.stringify(desktopMessage(m, opts), null, 1).replace(/\n/g, '\n  ')
      await write(`${first ? '\n' : ',\n'}  ${json}`)
      first = false
    }
    await write(`${first ? '' : '\n'} ]\n}\n`)
    out.end()
    await Promise.race([once(out, 'finish'), failed])
  } finally {
    out.destroy()
  }
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
