// Plain data shared by every layer: what a chat, a message and its parts are, with no Telegram types.

export type ChatKind = 'channel' | 'group' | 'supergroup' | 'forum' | 'private' | 'saved' | 'bot'

export interface Chat {
  /** Bare id as Telegram shows it to users: user id, basic-group id, or channel id (no -100 prefix). */
  id: number
  kind: ChatKind
  title: string
  username?: string
  /** Total messages as the server reports it (may be approximate). */
  messageCount?: number
  topics?: Topic[]
}

export interface Topic {
  /** Topic id = id of the message that created it; General is 1. */
  id: number
  title: string
  iconEmoji?: string
  closed?: boolean
}

/** Whoever sent or is named by a message: a user, a basic group or a channel. */
export interface Peer {
  id: number
  kind: 'user' | 'chat' | 'channel'
  name: string
  username?: string
}

export type EntityType =
  | 'bold' | 'italic' | 'underline' | 'strike' | 'spoiler' | 'code' | 'pre'
  | 'text_link' | 'url' | 'email' | 'phone' | 'mention' | 'mention_name'
  | 'hashtag' | 'cashtag' | 'bot_command' | 'bank_card' | 'custom_emoji'
  | 'blockquote' | 'unknown'

/** A formatting span; offset and length count UTF-16 code units, as Telegram does. */
export interface Entity {
  type: EntityType
  offset: number
  length: number
  /** text_link */
  url?: string
  /** pre */
  language?: string
  /** mention_name */
  userId?: number
  /** custom_emoji */
  documentId?: string
  /** blockquote: expandable */
  collapsed?: boolean
}

export interface FormattedText {
  text: string
  entities: Entity[]
}

export type FileKind =
  | 'photo' | 'video' | 'audio' | 'voice' | 'video_note' | 'sticker' | 'animation' | 'file'

/** A downloadable file. `ref` is opaque to everything but telegram/ (or desktop/). */
export interface FileRef {
  kind: FileKind
  /** Stable per-file key used for dedup by file id. */
  uniqueId: string
  /** Name to show and to derive the vault file name from (untrusted). */
  name: string
  mime?: string
  size?: number
  width?: number
  height?: number
  /** seconds, for audio/video/voice */
  duration?: number
  /** audio */
  performer?: string
  title?: string
  /** sticker */
  emoji?: string
  /** how telegram/ (or desktop/) finds the bytes again; serializable */
  ref?: string
  /** set when the bytes cannot be had at all (e.g. Desktop's "(File not included...)"): the reason */
  unavailable?: string
}

export interface PollAnswer {
  text: FormattedText
  voters?: number
  chosen?: boolean
  correct?: boolean
}

export type Media =
  | { type: 'file'; file: FileRef; spoiler?: boolean; ttlSeconds?: number }
  | { type: 'poll'; question: FormattedText; answers: PollAnswer[]; totalVoters?: number; closed?: boolean; quiz?: boolean; multiple?: boolean; publicVoters?: boolean; solution?: FormattedText }
  | { type: 'geo'; lat: number; long: number; accuracy?: number }
  | { type: 'venue'; lat: number; long: number; title: string; address: string; provider?: string }
  | { type: 'geo_live'; lat: number; long: number; period: number; heading?: number }
  | { type: 'contact'; firstName: string; lastName?: string; phone: string; userId?: number; vcard?: string }
  | { type: 'dice'; emoji: string; value: number }
  | { type: 'game'; title: string; description?: string; shortName?: string }
  | { type: 'invoice'; title: string; description?: string; currency: string; totalAmount: number; test?: boolean }
  | { type: 'giveaway'; quantity: number; months?: number; stars?: number; untilDate: number; channels?: number[]; countries?: string[]; prize?: string; winners?: number; results?: boolean }
  | { type: 'story'; peerId?: number; storyId: number; via?: string }
  | { type: 'webpage'; url: string; siteName?: string; title?: string; description?: string; photo?: FileRef }
  | { type: 'paid'; starsAmount: number; files: FileRef[] }
  | { type: 'todo'; title: FormattedText; items: { id: number; title: FormattedText; done?: boolean }[] }
  | { type: 'unsupported'; what: string }

/**
 * A service message, normalized. `type` is snake_case, one per Telegram MessageAction
 * constructor (messageActionChatCreate -> 'chat_create'); fields it does not need stay unset.
 */
export interface ServiceAction {
  type: string
  title?: string
  /** users added, removed, invited... as display names */
  users?: string[]
  userIds?: number[]
  /** free-form extra values a sentence may quote (amount, currency, emoji, duration...) */
  values?: Record<string, string | number | boolean>
  /** the message it refers to (pinned message, game score, payment...) */
  messageId?: number
}

export interface Reaction {
  /** emoji, or `custom:<document id>`, or `paid` */
  emoji: string
  count: number
  chosen?: boolean
}

export interface ReplyTo {
  /** parent message id */
  messageId?: number
  /** parent in another chat (bare id) */
  chatId?: number
  /** the quoted fragment, when the reply quotes */
  quote?: FormattedText
  /** story reply */
  storyId?: number
}

export interface Forward {
  /** display name of the origin (user, channel or hidden name) */
  from?: string
  fromPeer?: Peer
  date: number
  /** original message id in the origin channel */
  messageId?: number
  signature?: string
  /** for forwards saved to Saved Messages */
  savedFrom?: string
}

export interface Message {
  id: number
  /** bare chat id */
  chatId: number
  /** forum topic id (General = 1); unset outside forums */
  topicId?: number
  /** unix seconds */
  date: number
  editDate?: number
  sender?: Peer
  /** channel post author signature */
  signature?: string
  text: string
  entities: Entity[]
  replyTo?: ReplyTo
  forward?: Forward
  viaBot?: string
  /** album id; consecutive messages with the same id form one album */
  groupedId?: string
  views?: number
  forwards?: number
  replies?: number
  /** a channel post with comments: its linked discussion group and the newest comment id there */
  comments?: { groupId: number; maxId: number }
  reactions?: Reaction[]
  media?: Media
  service?: ServiceAction
  pinned?: boolean
  silent?: boolean
  /** sent by the account itself (Telegram's `out` flag) */
  out?: boolean
}
