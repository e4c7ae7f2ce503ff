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
  let album: Message[] = []
  for (const msg of messages) {
    const gid = msg.service ? undefined : msg.groupedId
    if (album.length > 0 && (gid === undefined || gid !== album[0]!.groupedId || album.length === MAX_ALBUM)) {
      yield renderGroup(album, ctx)
      album = []
    }
    if (gid !== undefined) album.push(msg)
    else yield renderMessage(msg, ctx)
  }
  if (album.length > 0) yield renderGroup(album, ctx)
}

function renderGroup(items: Message[], ctx: RenderContext): string {
  return items.length === 1 ? renderMessage(items[0]!, ctx) : renderAlbum(items, ctx)
}
