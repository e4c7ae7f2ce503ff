// The last messages handed to the renderer of one note: a reply mostly points a few messages back
// in its own note (in the simulated forum, 98 % of replies, at most 39 messages back), so its link
// and preview come from here instead of a database lookup of the parent and a decode of it (issue 10).
import type { Message } from '../model/types.ts'
import type { RenderContext } from '../render/context.ts'
import { previewFrom, previewSource, type PreviewSource } from '../render/preview.ts'

/** Messages remembered per note (what their replies show of them): enough for nearly every reply. */
export const RECENT = 128

export class RecentMessages {
  /** what replies show of the last messages, not the messages (render/preview.ts says why) */
  private readonly byId = new Map<number, PreviewSource>()

  constructor(private readonly size = RECENT) {}

  /** Passes the note's messages through, remembering the last ones. */
  *track(messages: Iterable<Message>): Generator<Message> {
    for (const m of messages) {
      this.byId.set(m.id, previewSource(m))
      if (this.byId.size > this.size) this.byId.delete(this.byId.keys().next().value!)
      yield m
    }
  }

  /**
   * `ctx` answering for messages of chat `chatId` remembered here: they are in the note at `path`
   * (the note being rendered), as the database would say.
   */
  context(ctx: RenderContext, chatId: number, path: string): RenderContext {
    return {
      ...ctx,
      noteFor: (chat, id) => (chat === chatId && this.byId.has(id) ? path : ctx.noteFor(chat, id)),
      replyPreview: (chat, id) => {
        const m = chat === chatId ? this.byId.get(id) : undefined
        return m ? previewFrom(m) : ctx.replyPreview?.(chat, id)
      },
    }
  }
}
