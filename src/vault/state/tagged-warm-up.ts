// Type feedback for every branch of the tagged body format's writer and reader before V8 optimizes
// them. Optimized code covers only what the function met until then: a branch first taken later (a
// number past 2^32, a fraction, -0, a lone surrogate, a long string, a field without a code) throws
// that code away and V8 compiles the function again, ~10-30 ms of a helper thread each time. One
// pass over values that take each branch, done once a process, costs ~2 ms.
import { TaggedReader, TaggedWriter } from './tagged-body.ts'

const LONG = 'a fairly long line of text, long enough for the native writer é 😀'

/** Values that take every branch of both sides, in every tag the format has. */
export const SAMPLES: object[] = [
  {
    id: 1, chatId: 2 ** 40 + 7, topicId: 0, date: 1_700_000_000, editDate: -0, views: -5, forwards: -(2 ** 40), replies: 0.5,
    text: 'ascii', signature: 'é and ß', out: true, pinned: false, silent: null, via: undefined,
    entities: [{ type: 'bold', offset: 0, length: 5 }, { type: 'pre', offset: 63, length: 64, language: 'ts' }],
    sender: { id: 3, kind: 'user', name: 'Zoë 😀', username: 'zoe' }, media: { type: 'geo', lat: 51.5, long: -0.12 },
  },
  { id: 2, chatId: 2, date: 1, text: LONG, entities: [], sender: { kind: 'user', id: 3 }, replyTo: { messageId: 1, quote: { text: 'q', entities: [] } } },
  { id: 3, text: `${LONG}${LONG}${LONG}${LONG}`, caption: 'a field without a code', values: { odd: [1, [2], {}], 'key é': 'value' } },
  { id: 4, text: 'half an emoji \ud83d', name: '\ude00', long: `${LONG}\ud83d`, nan: Number.NaN, inf: -Infinity },
  { id: 5, users: ['€€€€€€€€€€€€€€€€€€€€€€', 'x'.repeat(100), 'y'.repeat(300)], what: [true, false, null, undefined] },
  JSON.parse('{"id": 6, "__proto__": {"text": "an own field named __proto__"}}') as object,
]

/** A body past the writer's first 8 KB: it grows its buffer (a fresh writer each time). */
const LARGE = { id: 7, text: '€'.repeat(3000) }

let done = false

/** Runs every sample through a writer and a reader of their own, enough times for V8 to keep feedback (once a process). */
export function warmUp(): void {
  if (done) return
  done = true
  const writer = new TaggedWriter()
  const reader = new TaggedReader()
  // V8 keeps no feedback for a function's first few calls; more rounds would have it optimize them on these values alone
  for (let round = 0; round < 3; round++) {
    for (const value of SAMPLES) reader.decode(Buffer.from(writer.encode(value)))
    if (round === 2) reader.decode(Buffer.from(new TaggedWriter().encode(LARGE)))
  }
}
