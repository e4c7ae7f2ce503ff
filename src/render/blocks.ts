// A period's messages -> Markdown blocks, one per message or album, streamed.
import type { Message } from '../model/types.ts'
import type { RenderContext } from './context.ts'
import { renderAlbum, renderMessage } from './message.ts'

/** Telegram allows at most 10 items per album; a longer run with one groupedId is flushed in pieces. */
const MAX_ALBUM = 10

/**
 * Yields the Markdown of each message, or of each album, in the given (ascending id) order.
 *
 * An album is one callout followed by the id lines of all its items (renderAlbum).
 */
export function* renderBlocks(messages: Iterable<Message>, ctx: RenderContext): Generator<string> {
  const it = messages[Symbol.iterator]()
  let album: Message[] = []
  let ended = false
  try {
    for (;;) {
      const next = it.next()
      // the end flushes the last album through the loop's own call: a call first met at the end of
      // a note (one ending in an album) had no type feedback and threw away the generator's
      // optimized code, the largest the export compiles (--trace-deopt, issue 10)
      const msg = next.done === true ? undefined : next.value
      const gid = msg === undefined || msg.service ? undefined : msg.groupedId
      if (album.length > 0 && (gid === undefined || gid !== album[0]!.groupedId || album.length === MAX_ALBUM)) {
        yield renderGroup(album, ctx)
        album = []
      }
      if (msg === undefined) {
        ended = true
        return
      }
      if (gid !== undefined) album.push(msg)
      else yield renderMessage(msg, ctx)
    }
  } finally {
    // stopped early (the note's write failed): the messages' source is closed, as for-of would
    if (!ended) it.return?.()
  }
}

function renderGroup(items: Message[], ctx: RenderContext): string {
  return items.length === 1 ? renderMessage(items[0]!, ctx) : renderAlbum(items, ctx)
}
