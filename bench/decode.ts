// `node dist/bench/decode.js [--messages N] [--rounds R]`: decoding history answers into model
// Messages, in process and without a network: the fast profile's forum as the simulator answers it
// (100 messages an answer, serialized as on the wire), read by mtcute + map/mapMessage and by the
// lean reader (src/telegram/lean), alternating rounds; best round of each, µs a message. Prints one
// JSON line. The fetch floor (--floor-only) measures the same reading with the network and GC.
import { parseArgs } from 'node:util'
import { createWorld } from '../src/sim/world/index.ts'
import { messagesAnswer } from '../src/sim/handlers/history.ts'
import { serializeTl } from '../src/sim/mtproto/tl-out.ts'
import { historyAnswer, mtcuteHistoryAnswer, type HistoryAnswer } from '../src/telegram/lean/history-answer.ts'
import { PeerIndex } from '../src/telegram/map/peers.ts'
import { FORUM_SHARE } from './profiles.ts'

const { values: args } = parseArgs({ options: { messages: { type: 'string', default: '50000' }, rounds: { type: 'string', default: '7' }, only: { type: 'string' } } })
const wanted = Number(args.messages)

const world = createWorld({ seed: 1, messages: Math.ceil(wanted / FORUM_SHARE) })
const forum = world.chats.find((c) => c.kind === 'forum')!
const ids = [...world.ids(forum.id)].slice(0, wanted)
const answers: Uint8Array[] = []
for (let i = 0; i < ids.length; i += 100) {
  const page = ids.slice(i, i + 100).reverse()
  answers.push(serializeTl(messagesAnswer(world, forum, page, ids.length) as { _: string }))
}
const opts = { chatId: forum.id, forum: true }

/** Every message of every answer, decoded by `road` into the model: how many. */
function decodeAll(road: (bytes: Uint8Array) => HistoryAnswer): number {
  let n = 0
  for (const bytes of answers) {
    const res = road(bytes)
    const index = PeerIndex.from(res.users, res.chats)
    for (let i = 0; i < res.length; i++) if (res.message(i, index, opts)) n++
  }
  return n
}
const viaMtcute = () => decodeAll(mtcuteHistoryAnswer)
const lean = () => decodeAll(historyAnswer)

function time(f: () => number): number {
  const t0 = process.cpuUsage()
  const n = f()
  const t = process.cpuUsage(t0)
  return (t.user + t.system) / n
}

const best = { mtcute: Infinity, lean: Infinity }
for (let r = 0; r < Number(args.rounds); r++) {
  // --only lean|mtcute: one road, for a CPU profile of it
  if (args.only !== 'lean') best.mtcute = Math.min(best.mtcute, time(viaMtcute))
  if (args.only !== 'mtcute') best.lean = Math.min(best.lean, time(lean))
}
const round = (x: number) => Math.round(x * 100) / 100
process.stdout.write(`${JSON.stringify({
  messages: ids.length, answers: answers.length, bytes_per_message: round(answers.reduce((s, a) => s + a.length, 0) / ids.length),
  mtcute_map_us_per_msg: round(best.mtcute), lean_us_per_msg: round(best.lean), speedup: round(best.mtcute / best.lean),
})}\n`)
