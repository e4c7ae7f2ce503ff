// The last messages handed to the renderer of one note: a reply mostly points a few messages back
// in its own note (in the simulated forum, 98 % of replies, at most 39 messages back), so its link
// and preview come from here instead of a database lookup of the parent and a decode of it (issue 10).
import type { ChatKind, FileRef, Message } from '../model/types.ts'
import type { MediaPlacement, RenderContext, ReplyPreview } from '../render/context.ts'
import { previewFrom, previewMedia, previewSender } from '../render/preview.ts'

/** Messages remembered per note (what their replies show of them): enough for nearly every reply. */
export const RECENT = 128

/**
 * What replies show of the last messages, not the messages (render/preview.ts says why), in a ring
 * of parallel arrays: slot i of each holds what was kept of message ids[i]. A Map of preview objects,
 * its oldest key deleted through an iterator, cost ~0.7 µs a message of the export, for the 15 % of
 * messages that are replies; a reply's parent is found newest first, mostly a few slots back.
 */
export class RecentMessages {
  private readonly ids: Float64Array
  private readonly senders: string[]
  private readonly texts: string[]
  private readonly media: (string | undefined)[]
  private readonly service: Uint8Array
  /** the slot the next message takes */
  private next = 0
  /** slots in use */
  private count = 0

  constructor(private readonly size = RECENT) {
    this.ids = new Float64Array(size)
    this.senders = new Array<string>(size).fill('')
    this.texts = new Array<string>(size).fill('')
    this.media = new Array<string | undefined>(size).fill(undefined)
    this.service = new Uint8Array(size)
  }

  /**
   * Passes the note's messages through (`first`, when given, read ahead by the caller, then the
   * rest), remembering the last ones: one generator where putting `first` back was a second.
   */
  *track(messages: Iterable<Message>, first?: Message): Generator<Message> {
    if (first !== undefined) {
      this.remember(first)
      yield first
    }
    for (const m of messages) {
      this.remember(m)
      yield m
    }
  }

  private remember(m: Message): void {
    const i = this.next
    this.ids[i] = m.id
    this.senders[i] = previewSender(m)
    this.texts[i] = m.text
    this.media[i] = previewMedia(m)
    this.service[i] = m.service ? 1 : 0
    this.next = i + 1 === this.size ? 0 : i + 1
    if (this.count < this.size) this.count++
  }

  /** The slot of message `id` (its latest copy), or -1. */
  private slotOf(id: number): number {
    let i = this.next
    for (let k = 0; k < this.count; k++) {
      i = i === 0 ? this.size - 1 : i - 1
      if (this.ids[i] === id) return i
    }
    return -1
  }

  /**
   * `ctx` answering for messages of chat `chatId` remembered here: they are in the note at `path`
   * (the note being rendered), as the database would say.
   */
  context(ctx: RenderContext, chatId: number, path: string): RenderContext {
    return new NoteContext(ctx, this, chatId, path)
  }

  /** Whether message `id` is remembered. */
  has(id: number): boolean {
    return this.slotOf(id) >= 0
  }

  /** What a reply shows of remembered message `id`; undefined when it is not remembered. */
  previewOf(id: number): ReplyPreview | undefined {
    const i = this.slotOf(id)
    if (i < 0) return undefined
    return previewFrom({ sender: this.senders[i]!, text: this.texts[i]!, media: this.media[i], service: this.service[i] === 1 })
  }
}

/**
 * The render context of one note: the recent messages answer for themselves, `base` for the rest.
 * A class rather than a copy of `base` with two closures put over its own: those overwrites made the
 * copy's fields mutable after the first note, and the optimized code reading ctx.timeZone and
 * ctx.selfId (header, isMine) met a map it had not seen and was thrown away (--trace-deopt, issue 10).
 */
class NoteContext implements RenderContext {
  readonly timeZone: string
  readonly selfId: number | undefined

  constructor(
    private readonly base: RenderContext,
    private readonly recent: RecentMessages,
    private readonly chatId: number,
    private readonly path: string,
  ) {
    this.timeZone = base.timeZone
    this.selfId = base.selfId
  }

  noteFor(chatId: number, messageId: number): string | undefined {
    return chatId === this.chatId && this.recent.has(messageId) ? this.path : this.base.noteFor(chatId, messageId)
  }

  replyPreview(chatId: number, messageId: number): ReplyPreview | undefined {
    return (chatId === this.chatId ? this.recent.previewOf(messageId) : undefined) ?? this.base.replyPreview?.(chatId, messageId)
  }

  mediaFor(msg: Message, file: FileRef): MediaPlacement | undefined {
    return this.base.mediaFor(msg, file)
  }

  transcriptFor(file: FileRef): string | undefined {
    return this.base.transcriptFor?.(file)
  }

  chatByUsername(username: string): number | undefined {
    return this.base.chatByUsername(username)
  }

  userName(userId: number): string | undefined {
    return this.base.userName(userId)
  }

  chatNote(chatId: number): string | undefined {
    return this.base.chatNote?.(chatId)
  }

  chatKind(chatId: number): ChatKind | undefined {
    return this.base.chatKind?.(chatId)
  }

  commentsNote(chatId: number, postId: number): string | undefined {
    return this.base.commentsNote?.(chatId, postId)
  }
}

// `implements` does not ask for optional members: a member added to RenderContext later and left out
// here would be dropped without a word (the copy this replaced passed everything on). This fails to
// compile instead.
const coversEveryMember: [Exclude<keyof RenderContext, keyof NoteContext>] extends [never] ? true : never = true
void coversEveryMember
