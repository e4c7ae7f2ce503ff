// TL Chat / User -> model Chat (what kind of conversation it is, its name), and ForumTopic -> Topic.
import type { tl } from '@mtcute/core'
import type { Chat, ChatKind, Topic } from '../../model/types.ts'
import { longString } from './convert.ts'
import { safeId } from './ids.ts'
import { chatDisplayName, primaryUsername, userDisplayName } from './peers.ts'

export interface MapChatOptions {
  /** the account's own user id: that user's chat is Saved Messages */
  selfId?: number
  topics?: Topic[]
  /** total messages as the server reported it */
  count?: number
}

export function mapChat(raw: tl.TypeChat | tl.TypeUser, opts: MapChatOptions = {}): Chat {
  let kind: ChatKind
  let title: string
  let username: string | undefined
  switch (raw._) {
    case 'user':
    case 'userEmpty': {
      const isSelf = raw._ === 'user' && raw.self
      kind = isSelf || raw.id === opts.selfId ? 'saved' : raw._ === 'user' && raw.bot ? 'bot' : 'private'
      title = userDisplayName(raw)
      if (raw._ === 'user') username = primaryUsername(raw)
      break
    }
    case 'channel':
    case 'channelForbidden': {
      // gigagroups are supergroups that only admins can write to; they are groups, not channels
      const group = raw.megagroup || (raw._ === 'channel' && raw.gigagroup)
      kind = !group ? 'channel' : raw._ === 'channel' && raw.forum ? 'forum' : 'supergroup'
      title = chatDisplayName(raw)
      if (raw._ === 'channel') username = primaryUsername(raw)
      break
    }
    default:
      kind = 'group'
      title = chatDisplayName(raw)
  }
  const chat: Chat = { id: safeId(raw.id, 'a chat'), kind, title }
  if (username) chat.username = username
  if (opts.count !== undefined) chat.messageCount = opts.count
  if (opts.topics) chat.topics = opts.topics
  return chat
}

/** A forum topic, or undefined for a deleted one. */
export function mapTopic(t: tl.TypeForumTopic): Topic | undefined {
  if (t._ !== 'forumTopic') return undefined
  const topic: Topic = { id: t.id, title: t.title }
  // Custom emoji icons are documents; like reactions, they are named `custom:<document id>`.
  if (t.iconEmojiId && !t.iconEmojiId.isZero()) topic.iconEmoji = 'custom:' + longString(t.iconEmojiId)
  if (t.closed) topic.closed = true
  return topic
}
