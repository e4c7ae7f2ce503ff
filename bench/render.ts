// Render throughput: generated messages through renderBlocks; prints one JSON line.
import type { Entity, Message } from '../src/model/types.ts'
import { renderBlocks } from '../src/render/index.ts'
import type { RenderContext } from '../src/render/index.ts'

const N = Number(process.argv[2] ?? 200_000)

const ctx: RenderContext = {
  noteFor: (chatId, id) => (id % 7 === 0 ? undefined : `Chat (${chatId})/2024/2024-01`),
  mediaFor: (msg, file) => (msg.id % 5 === 0 ? { skipped: 'too large' } : { path: `Chat (1)/_media/${file.kind}/${msg.id}-${file.name}` }),
  chatByUsername: (u) => (u === 'news' ? 1 : undefined),
  userName: (id) => `User ${id}`,
  timeZone: 'Europe/Berlin',
}

const WORDS = ['hello', 'world', 'the', 'quick', 'brown', 'fox', 'jumps', 'over', 'lazy', 'dog', 'привет', '😀', 'a_b', '#tag', 'x*y']

/** A typical chat message: one or two sentences, a few entities, sometimes a reply, media or reactions. */
function make(i: number): Message {
  let text = ''
  const entities: Entity[] = []
  const words = 8 + (i % 17)
  for (let w = 0; w < words; w++) {
    const word = WORDS[(i * 31 + w * 7) % WORDS.length]!
    if (w > 0) text += ' '
    if (w % 5 === 2) entities.push({ type: w % 2 ? 'bold' : 'italic', offset: text.length, length: word.length })
    text += word
  }
  if (i % 9 === 0) {
    entities.push({ type: 'text_link', offset: 0, length: 5, url: 'https://t.me/news/42' })
  }
  const m: Message = { id: i + 1, chatId: 1, date: 1704067200 + i * 37, sender: { id: 10 + (i % 5), kind: 'user', name: `User ${i % 5}` }, text, entities }
  if (i % 4 === 0) m.replyTo = { messageId: i }
  if (i % 6 === 0) m.reactions = [{ emoji: '👍', count: 3 }, { emoji: '❤️', count: 1 }]
  if (i % 10 === 0) m.media = { type: 'file', file: { kind: 'photo', uniqueId: `p${i}`, name: 'photo.jpg' } }
  if (i % 50 === 0) m.service = { type: 'pin_message', messageId: i }
  return m
}

// messages stream in as they would from the fetcher: a pool of templates, given fresh ids and
// dates in place (the renderer keeps nothing), so the bench measures rendering, not allocation
const pool = Array.from({ length: 997 }, (_, i) => make(i))
function* stream(n: number): Generator<Message> {
  for (let i = 0; i < n; i++) {
    const m = pool[i % pool.length]!
    m.id = i + 1
    m.date = 1704067200 + i * 37
    yield m
  }
}
// warm up the JIT, then measure
for (const _ of renderBlocks(stream(20_000), ctx)) void _
let bytes = 0
const t0 = process.hrtime.bigint()
for (const block of renderBlocks(stream(N), ctx)) bytes += block.length
const ns = Number(process.hrtime.bigint() - t0)
console.log(JSON.stringify({ messages: N, seconds: +(ns / 1e9).toFixed(3), us_per_msg: +(ns / 1e3 / N).toFixed(3), chars: bytes }))
