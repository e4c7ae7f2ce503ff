// A Desktop chat header ({name, type, id}) -> the model's Chat.
import type { Chat, ChatKind, Topic } from '../model/types.ts'
import { DesktopExportError } from './errors.ts'
import { Fields } from './fields.ts'
import type { JsonObject } from './json.ts'
import { bareChatId } from './peer.ts'

/** Desktop dialog types (DialogInfo::Type) -> model kinds. */
const KINDS: Record<string, ChatKind> = {
  personal_chat: 'private',
  bot_chat: 'bot',
  private_group: 'group',
  private_supergroup: 'supergroup',
  public_supergroup: 'supergroup',
  private_channel: 'channel',
  public_channel: 'channel',
  saved_messages: 'saved',
  // The "Replies" service chat is closest to a private chat with a bot-like sender.
  replies: 'private',
}

export function mapChat(header: JsonObject, index: number, topics: Topic[] | undefined): Chat {
  const f = new Fields(header, `chat #${index + 1}`)
  const type = f.str('type') ?? ''
  const rawId = f.id('id')
  if (rawId === undefined) throw new DesktopExportError(`chat #${index + 1} has no "id" before its messages`)
  const kind = KINDS[type]
  const name = f.str('name')
  const chat: Chat = {
    id: bareChatId(rawId),
    // An unknown dialog type still has messages worth keeping: treat it as a group.
    kind: kind ?? 'group',
    // Saved Messages and Replies carry no name in the export.
    title: name ?? (type === 'saved_messages' ? 'Saved Messages' : type === 'replies' ? 'Replies' : `Chat ${bareChatId(rawId)}`),
  }
  if (topics && topics.length > 0 && (chat.kind === 'supergroup' || chat.kind === 'group')) {
    chat.kind = 'forum'
    chat.topics = topics
  }
  return chat
}
