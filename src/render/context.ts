// What the renderer needs to know about the rest of the vault, given by the caller (render/ does no I/O).
import type { FileRef, Message } from '../model/types.ts'

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
}
