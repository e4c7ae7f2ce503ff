// History pages are sent as mtcute's `mtcute.customMethod`: the same request bytes on the wire, but
// mtcute hands back the answer's TL bytes (after gunzip) instead of decoding them into its objects,
// and history.ts reads those bytes straight into model Messages (lean/history-answer.ts). This is
// mtcute's own typed escape hatch (tl.mtcute.RawCustomMethodRequest, answered as a Uint8Array);
// raw-history.test.ts fails if 0.30.3's handling of it changes.
import type { tl } from '@mtcute/core'
import { TlBinaryWriter, __tlWriterMap } from '@mtcute/core/utils.js'

/** The methods whose answers history.ts reads itself. */
const RAW_ANSWERS = new Set(['messages.getHistory', 'messages.getReplies'])

type Wrapped = { _: string; query?: unknown }

/**
 * The request to send for `req`: history pages (possibly inside invokeWithTakeout and other
 * wrappers) become a custom method carrying their serialized bytes; anything else goes as it is.
 * `query` keeps the original request for the layers below that name the method (request-timeout).
 */
export function rawHistoryCall<T extends tl.RpcMethod>(req: T): T {
  let inner = req as Wrapped
  while (typeof inner.query === 'object' && inner.query !== null && '_' in inner.query) inner = inner.query as Wrapped
  if (!RAW_ANSWERS.has(inner._)) return req
  const bytes = TlBinaryWriter.serializeObject(__tlWriterMap, req)
  return { _: 'mtcute.customMethod', bytes, query: req } as unknown as T
}
