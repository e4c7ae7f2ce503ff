// A period's messages -> Markdown blocks, one per message or album, streamed.
import type { Message } from '../model/types.ts'
import type { RenderContext } from './context.ts'
import { renderMessage } from './message.ts'

/** Telegram allows at most 10 items per album; a longer run with one groupedId is flushed in pieces. */
const MAX_ALBUM = 10

/**
 * Yields the Markdown of each message, or of each album, in the given (ascending id) order.
 *
 * An album is rendered as consecutive callouts, one per message: the first with the full header
 * (`album of N`), the others as `[!tg-album] album k/N`. Obsidian allows one block id per
 * block, and a callout is one block, so each album item must be its own callout with its own
 * `^m<id>` line after it; one callout holding all items could carry only one id. Adjacent
 * callouts separated by their id lines read as one group.
 */
export function* renderBlocks(messages: Iterable<Message>, ctx: RenderContext): Generator<string> {
  let album: Message[] = []
  for (const msg of messages) {
    const gid = msg.service ? undefined : msg.groupedId
    if (album.length > 0 && (gid === undefined || gid !== album[0]!.groupedId || album.length === MAX_ALBUM)) {
      yield renderAlbum(album, ctx)
      album = []
    }
    if (gid !== undefined) album.push(msg)
    else yield renderMessage(msg, ctx)
  }
  if (album.length > 0) yield renderAlbum(album, ctx)
}

function renderAlbum(items: Message[], ctx: RenderContext): string {
  if (items.length === 1) return renderMessage(items[0]!, ctx)
  let out = ''
  for (let i = 0; i < items.length; i++) out += renderMessage(items[i]!, ctx, { index: i, size: items.length })
  return out
}
