// What the renderer needs to know about the rest of the vault, given by the caller (render/ does no I/O).
import type { ChatKind, FileRef, Message } from '../model/types.ts'

/** What a reply shows of its parent, Telegram's way: who wrote it and its first words (or its media kind). */
export interface ReplyPreview {
  sender: string
  snippet: string
}

/** Where a file of a message went: a vault-relative path to embed, or why there is none. */
export type MediaPlacement = { path: string } | { skipped: string }

export interface RenderContext {
  /**
   * Vault-relative path (no `.md`) of the note that holds message `messageId` of chat `chatId`,
   * or undefined when that message is not in the vault (then a reply/t.me link stays plain text).
   */
  noteFor(chatId: number, messageId: number): string | undefined
  /** Where the file of `msg` was placed; undefined means media is not exported (placeholder). */
  mediaFor(msg: Message, file: FileRef): MediaPlacement | undefined
  /** The transcript of a voice note or round video (media processing), if one was made. */
  transcriptFor?(file: FileRef): string | undefined
  /** Bare chat id of an exported chat with this public username (for t.me links), if any. */
  chatByUsername(username: string): number | undefined
  /** Display name of a user id (mention-by-name, service messages), if known. */
  userName(userId: number): string | undefined
  /**
   * Vault-relative path (no `.md`) of the index note of an exported chat, for @mentions of it.
   * Optional: without it a mention links to t.me.
   */
  chatNote?(chatId: number): string | undefined
  /** IANA zone or 'UTC' for the times shown in notes. */
  timeZone: string
  /** The account's own user id: its messages are drawn apart (callout `tg-out`), calls say outgoing. */
  selfId?: number
  /** The kind of an exported chat (service sentences say channel or group). */
  chatKind?(chatId: number): ChatKind | undefined
  /** The parent a reply shows, when that message is in the vault (see previewOf). */
  replyPreview?(chatId: number, messageId: number): ReplyPreview | undefined
  /** Vault path (no `.md`) of a channel post's comments note (--comments), when it was written. */
  commentsNote?(chatId: number, postId: number): string | undefined
}
