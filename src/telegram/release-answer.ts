// A messages answer that arrives as mtcute's objects (refresh, comments; history pages arrive as
// bytes, lean/) is emptied as soon as its page is built (issue 10). The answer stays reachable after
// that from every promise of the call that carried it (mtcute's request, its middlewares, the Rpc
// layers) until those promises are collected. A request in flight while a mark-compact runs has its
// promises moved to the old generation, where they wait for the next mark-compact; young
// collections before it kept the answer they hold alive (old-to-young pointers are roots), copied it
// and promoted it: a page of TL objects, ~160 KB. Young collections that found most of a page alive
// also made V8 allocate those TL objects in the old generation from then on (allocation-site
// pretenuring: 97 % of a warm fetch floor's TL messages were born old when history pages were still
// mtcute's objects), so every page went to the old space. Emptied, the answer those promises hold
// is a shell of a few bytes: on history pages this took the fetch floor from 28.7/29.0 to
// 15.6/19.1 µs a message and from 9 mark-compacts to 0-1 (before the lean reader).
import type { tl } from '@mtcute/core'

type Answer = Exclude<tl.messages.TypeMessages, tl.messages.RawMessagesNotModified>

const NONE = Object.freeze([]) as unknown as never[]

/** Drops the answer's messages, users and chats: call once nothing else will read them. */
export function releaseAnswer(res: Answer): void {
  res.messages = NONE
  res.users = NONE
  res.chats = NONE
  if ('topics' in res) res.topics = NONE
}
