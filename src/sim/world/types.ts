// The simulated world as plain data (no TL): what tests compare an export against.
import type { ChatKind, Entity, FileKind } from '../../model/types.ts'

export interface SimUser {
  id: number
  accessHash: string
  firstName: string
  lastName?: string
  username?: string
  phone?: string
  bot?: boolean
  self?: boolean
}

export interface SimTopic {
  /** id of the topic_create service message; General is 1 */
  id: number
  title: string
  iconColor: number
  closed?: boolean
}

export interface SimChat {
  /** bare id: channel id, basic-group id, or the other user's id (self id for Saved Messages) */
  id: number
  kind: ChatKind
  title: string
  username?: string
  accessHash: string
  /** first message id (1 for channels; private chats and basic groups share the account's id
   *  space in Telegram, so each gets its own disjoint range here and starts higher) */
  minId: number
  /** current last id (grows with world.grow) */
  maxId: number
  /** forum topics, General first */
  topics?: SimTopic[]
  /** user ids of members (groups) or of the other side (private) */
  memberIds: number[]
  about: string
  /** unix seconds the chat was created */
  created: number
}

export interface SimReplyTo {
  messageId: number
  /** forum: the topic the reply lives in (reply_to_top_id) */
  topId?: number
  /** forum: the header marks a topic (forum_topic flag) */
  forumTopic?: boolean
  quote?: { text: string; offset: number }
}

export interface SimForward {
  date: number
  fromUserId?: number
  fromChannelId?: number
  /** post id in fromChannelId */
  channelPost?: number
  /** hidden sender: only a name */
  fromName?: string
  postAuthor?: string
}

export interface SimPollAnswer {
  text: string
  voters: number
  correct?: boolean
  chosen?: boolean
}

export type SimMedia =
  | { type: 'file'; kind: FileKind; fileId: string; spoiler?: boolean }
  | { type: 'poll'; pollId: string; question: string; answers: SimPollAnswer[]; quiz: boolean; closed: boolean; totalVoters: number; solution?: string }
  | { type: 'geo'; lat: number; long: number }
  | { type: 'venue'; lat: number; long: number; title: string; address: string; provider: string; venueId: string }
  | { type: 'contact'; phone: string; firstName: string; lastName: string; userId: number }
  | { type: 'dice'; emoji: string; value: number }
  | { type: 'webpage'; webpageId: string; url: string; siteName: string; title: string; description: string; photoFileId?: string }

export type SimActionType =
  | 'chat_create' | 'channel_create' | 'chat_add_user' | 'chat_delete_user' | 'pin_message'
  | 'chat_edit_title' | 'topic_create' | 'game_score' | 'phone_call'

export interface SimAction {
  type: SimActionType
  title?: string
  userIds?: number[]
  score?: number
  gameId?: string
  callId?: string
  duration?: number
  video?: boolean
  iconColor?: number
}

export interface SimMessage {
  id: number
  chatId: number
  date: number
  /** forums: topic id (General = 1) */
  topicId?: number
  /** user who sent it; unset for channel posts */
  senderId?: number
  out: boolean
  text: string
  entities: Entity[]
  editDate?: number
  replyTo?: SimReplyTo
  forward?: SimForward
  viaBotId?: number
  /** album id (decimal of a TL long) */
  groupedId?: string
  views?: number
  forwards?: number
  postAuthor?: string
  reactions?: { emoji: string; count: number }[]
  media?: SimMedia
  service?: SimAction
  /** times world.edit touched it: feeds the text and the file-reference generation */
  revision: number
}

export interface SimFile {
  fileId: string
  accessHash: string
  /** two file ids with one content key have identical bytes */
  contentKey: string
  kind: FileKind
  /** photos are TL photo objects; everything else is a document */
  photo: boolean
  size: number
  mime: string
  name: string
  dcId: number
  width?: number
  height?: number
  duration?: number
  performer?: string
  title?: string
  emoji?: string
  /** the sample file (src/sim/samples) the bytes are made from: its manifest entry has the sentence */
  sample?: string
  chatId: number
  messageId: number
  date: number
}

export interface IdRange {
  topicId?: number
  /** inclusive lower bound */
  fromId?: number
  /** inclusive upper bound */
  toId?: number
}

export interface World {
  readonly seed: number
  readonly self: SimUser
  readonly users: SimUser[]
  readonly chats: SimChat[]
  readonly mediaDc: number
  chat(chatId: number): SimChat | undefined
  user(userId: number): SimUser | undefined
  /** existing (not deleted) messages, optionally in one forum topic */
  count(chatId: number, topicId?: number): number
  /** existing ids, ascending */
  ids(chatId: number, opts?: IdRange): Generator<number>
  /** existing ids, descending from `below` (exclusive; default past the end) */
  idsDesc(chatId: number, opts?: IdRange): Generator<number>
  exists(chatId: number, id: number): boolean
  message(chatId: number, id: number): SimMessage | undefined
  /** date of id (defined for deleted ids too: dates ascend with ids) */
  dateOf(chatId: number, id: number): number
  /** smallest id whose date is >= date (maxId + 1 when none) */
  firstIdAtOrAfter(chatId: number, date: number): number
  file(fileId: string): SimFile | undefined
  fileBytes(fileId: string, offset: number, limit: number): Uint8Array
  /** bumped when a file reference expires; file references carry it */
  fileGeneration(fileId: string): number
  expireFileReference(fileId: string): void
  grow(chatId: number, n: number): void
  /** the channel's linked discussion supergroup (reachable by id, not among the dialogs) */
  readonly discussion: SimChat
  /** the discussion group a channel is linked to, if any */
  linkedChat(chatId: number): SimChat | undefined
  /** comment ids of a channel post in its discussion group, ascending ([] when it has none) */
  comments(chatId: number, postId: number): number[]
  /** one comment of a post (undefined when the post has no such comment) */
  comment(chatId: number, postId: number, commentId: number): SimMessage | undefined
  /** the post's copy in the discussion group: the top of its thread */
  threadTop(chatId: number, postId: number): SimMessage | undefined
  /** new comments under a post (between two runs of a test) */
  growComments(chatId: number, postId: number, n: number): void
  edit(chatId: number, id: number): void
  delete(chatId: number, id: number): void
}
