// The tagged body format against what it must keep: every message of the simulator's worlds and of
// random TL messages as the lean reader maps them, the messages of two real Desktop exports, and the
// values a mapper could hand it (lone surrogates, -0, unsafe integers, undefined fields, unknown
// field names). Equal means the same values and the same fields in the same order (JSON text).
import { fileURLToPath } from 'node:url'
import { TlBinaryWriter, __tlWriterMap } from '@mtcute/core/utils.js'
import { describe, expect, it } from 'vitest'
import type { Message } from '../../model/types.ts'
import { createWorld, type World } from '../../sim/world/index.ts'
import { messagesAnswer } from '../../sim/handlers/history.ts'
import { historyAnswer } from '../../telegram/lean/history-answer.ts'
import { PeerIndex } from '../../telegram/map/peers.ts'
import { RandomTl, Rng } from '../../telegram/lean/test-random-tl.ts'
import { openDesktopExport } from '../../desktop/index.ts'
import { MARK, NotPlain, TaggedReader, TaggedWriter, VERSION } from './tagged-body.ts'
import { SAMPLES, warmUp } from './tagged-warm-up.ts'
import { wellFormed } from '../utf8.ts'

const FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/desktop-export/', import.meta.url))
const bytesOf = (o: unknown) => TlBinaryWriter.serializeObject(__tlWriterMap, o as { _: string })

const writer = new TaggedWriter()
const reader = new TaggedReader()

/** Encodes and decodes each value, also from the middle of a buffer of bodies end to end, as held periods keep them. */
function expectRoundTrips(values: object[]): void {
  const bodies = values.map((v) => Buffer.from(writer.encode(v)))
  const joined = Buffer.concat([Buffer.from([7, 7]), ...bodies])
  let at = 2
  values.forEach((v, i) => {
    const body = bodies[i]!
    expect(body[0]).toBe(MARK)
    expect(body[1]).toBe(VERSION)
    const back = reader.decode(body)
    expect(back).toStrictEqual(v)
    expect(JSON.stringify(back)).toBe(JSON.stringify(v))
    expect(reader.decode(joined, at, at + body.length)).toStrictEqual(v)
    at += body.length
  })
}

/** Every message of every chat of a world, as the lean reader maps them. */
function worldMessages(world: World): Message[] {
  const out: Message[] = []
  for (const chat of world.chats) {
    const ids = [...world.ids(chat.id)]
    const opts = { chatId: chat.id, forum: chat.kind === 'forum' }
    for (let i = 0; i < ids.length; i += 100) {
      const answer = historyAnswer(bytesOf(messagesAnswer(world, chat, ids.slice(i, i + 100).reverse(), ids.length)))
      const index = PeerIndex.from(answer.users, answer.chats)
      if (!index.self) index.setSelf(world.self.id)
      for (let j = 0; j < answer.length; j++) {
        const m = answer.message(j, index, opts)
        if (m) out.push(m)
      }
      answer.done()
    }
  }
  return out
}

describe('the tagged body format', () => {
  it('keeps every message of the simulator\'s three worlds', () => {
    let total = 0
    const seen = new Set<string>()
    for (const [seed, size] of [[1, 6000], [7, 12_000], [99, 3000]] as const) {
      const messages = worldMessages(createWorld({ seed, messages: size }))
      expectRoundTrips(messages)
      total += messages.length
      for (const m of messages) {
        seen.add(m.media?.type ?? (m.service ? 'service' : 'text'))
        if (m.forward) seen.add('forward')
        if (m.replyTo?.quote) seen.add('quote')
      }
    }
    expect(total).toBeGreaterThan(15_000)
    for (const k of ['text', 'service', 'file', 'poll', 'geo', 'venue', 'contact', 'webpage', 'forward', 'quote']) expect(seen, k).toContain(k)
  })

  it('keeps random messages of every constructor mtcute\'s schema allows', () => {
    const ids = [1, 2, 3, 777, 1_000_001, 2 ** 40 + 3]
    const messages: Message[] = []
    for (let seed = 1; seed <= 500; seed++) {
      const gen = new RandomTl(new Rng(seed), { depth: 4, ids })
      const users = ids.map((id) => ({ ...gen.ofType('User', 3), id }))
      const chats = ids.slice(0, 3).map((id) => ({ ...gen.ofType('Chat', 3), id }))
      const answer = { _: 'messages.messages', messages: Array.from({ length: 5 }, () => gen.ofType('Message')), topics: [], chats, users }
      let bytes: Uint8Array
      try {
        bytes = bytesOf(answer)
      } catch {
        continue // a random value the writer refuses
      }
      const read = historyAnswer(bytes)
      const index = PeerIndex.from(read.users, read.chats)
      for (let j = 0; j < read.length; j++) {
        try {
          const m = read.message(j, index, { chatId: 1, forum: seed % 2 === 0 })
          if (m) messages.push(m)
        } catch {
          // a message the mappers refuse is not stored
        }
      }
    }
    expect(messages.length).toBeGreaterThan(1500)
    expectRoundTrips(messages)
  })

  it('keeps the messages of two real Telegram Desktop exports', async () => {
    for (const name of ['supergroup-2022.json', 'tg2md-channel-2021.json']) {
      const exp = await openDesktopExport(FIXTURES + name)
      const messages: Message[] = []
      for await (const c of exp.chats()) for await (const m of c.messages) messages.push(m)
      expect(messages.length, name).toBeGreaterThan(10)
      expectRoundTrips(messages)
    }
  })

  it('keeps every code unit of strings UTF-8 cannot carry, short and long, in values and in field names', () => {
    const long = 'x'.repeat(300)
    const texts = ['half an emoji \ud83d', '\ude00 a low half first', 'end \ud83d', '\ud83d\ud83d', 'a real U+FFFD: \ufffd',
      `${long}\ud83d${long}`, `${long}😀\ufffd`, '', 'é', 'ß'.repeat(100), '😀'.repeat(30_000), '\u0000nul']
    expectRoundTrips(texts.map((text, id) => ({ id, chatId: 1, date: 1, text, entities: [], sender: { id: 1, kind: 'user', name: text } })))
    expectRoundTrips([{ id: 1, service: { type: 'x', values: { ['odd \ud800 key']: 1, ['k'.repeat(70)]: 'v', '': true } } }])
    // a field named __proto__ stays a field (JSON.parse makes such objects), not a prototype
    const proto = JSON.parse('{"id": 1, "__proto__": {"polluted": true}, "text": "t"}') as object
    expectRoundTrips([proto])
    expect(Object.getPrototypeOf(reader.decode(writer.encode(proto)))).toBe(Object.prototype)
  })

  it('keeps numbers exactly, undefined fields, nulls, and fields it has no code for, in their order', () => {
    expectRoundTrips([
      { id: 0, chatId: 63, date: 64, views: 2 ** 53 - 1, forwards: -(2 ** 53 - 1), replies: 2 ** 53 + 2, lat: -0, long: 0.1 },
      { id: Number.NaN, chatId: Infinity, date: -Infinity, editDate: -1, views: 127, forwards: 128, replies: 2 ** 31 },
      { text: 'a', sender: undefined, entities: [], signature: null, media: { type: 'geo', lat: 51.5, long: -0.12 } },
      { newField: [1, [2, [3, { deeper: 'yes' }]], null, undefined, false, true], id: 5, anotherOne: {} },
      { values: Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, i])) },
      { users: Array.from({ length: 1000 }, (_, i) => `user ${i}`) },
    ])
  })

  it('writes the bytes the first writer of format 1 wrote, so a message stored again compares the same (messages.ts)', () => {
    // written by tagged-body.ts at b778628, the writer before this one
    const golden = 'c1014b01070240e694ebdc030440eaeaaa82060843226669782074656c656772616d207661756c7420f09f918df09f8fbd206e61c3af7665094a014b1b84626f6c641c001d03001747064b014089c2d72f18847573657219844976616e1a896976616e5f646f74730003010e41023c42000000000000e0bfff836f64644506680061006c00660020003dd8ff85756e73657449ff846e6f6e654800'
    const m = { id: 7, chatId: 1000000102, date: 1615508842, text: 'fix telegram vault 👍🏽 naïve', entities: [{ type: 'bold', offset: 0, length: 3 }], out: true,
      sender: { id: 100000009, kind: 'user', name: 'Ivan', username: 'ivan_dots' }, topicId: 1, views: -2, lat: -0.5, odd: 'half \ud83d', unset: undefined, none: null }
    const fresh = new TaggedWriter()
    expect(Buffer.from(fresh.encode(m)).toString('hex')).toBe(golden)
    // the same message after others of other shapes, fields missing, in another order: the same bytes
    fresh.encode({ id: 1, chatId: 2, text: 'x', sender: { kind: 'user', id: 3 }, entities: [{ offset: 1, type: 'bold', length: 2 }] })
    fresh.encode({ date: 5, id: 1, views: 3 })
    expect(Buffer.from(fresh.encode(m)).toString('hex')).toBe(golden)
  })

  it('keeps objects with many field names of their own, and writes them the same every time', () => {
    const many = { id: 1, service: { type: 'x', values: Object.fromEntries(Array.from({ length: 25_000 }, (_, i) => [`name ${i}`, i])) } }
    const again = { id: 2, service: { type: 'x', values: Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`other ${i}`, `v${i}`])) } }
    const fresh = new TaggedWriter()
    expectRoundTrips([many, again, { id: 3, text: 'after', entities: [] }])
    expect(Buffer.from(fresh.encode(again))).toEqual(Buffer.from(writer.encode(again)))
  })

  it('reads short strings that share a slot of its table of strings seen, in any order', () => {
    // same length, same first, middle and last bytes: only the comparison tells them apart
    const names = ['aXbcdefgh', 'aYbcdefgh', 'aZbcdefgh', 'aXbcdefgh', 'añcdefgh', 'a\u00f1cdefgh', 'aYbcdefgh', '', 'a', 'aa', 'é']
    const values = names.map((name, id) => ({ id, sender: { id, kind: 'user', name, username: name.toUpperCase() } }))
    expectRoundTrips([...values, ...values.slice().reverse()])
    const fresh = new TaggedReader()
    for (const v of [...values, ...values]) expect(fresh.decode(writer.encode(v))).toStrictEqual(v)
  })

  it('refuses what is not plain data, so the caller can store it another way', () => {
    expect(() => writer.encode({ id: 1, when: new Date(0) })).toThrow(NotPlain)
    expect(() => writer.encode({ id: 1n })).toThrow(NotPlain)
    // the writer is usable after a refusal
    expectRoundTrips([{ id: 1, text: 'after' }])
  })

  it('refuses a body that is cut short, runs on, or was written by another format', () => {
    const body = Buffer.from(writer.encode({ id: 1, chatId: 2, text: 'hello there', entities: [{ type: 'bold', offset: 0, length: 5 }] }))
    expect(() => reader.decode(body.subarray(0, body.length - 3))).toThrow()
    expect(() => reader.decode(Buffer.concat([body, Buffer.from([0])]))).toThrow(/ended at/)
    expect(() => reader.decode(Buffer.from([MARK, VERSION + 1, 0]))).toThrow(/format/)
    const wrongField = Buffer.from(body)
    wrongField[3] = 0xfe // a field code no KEYS entry has
    expect(() => reader.decode(wrongField)).toThrow(/unknown field/)
  })
})

describe('the warm-up of the format (tagged-warm-up.ts)', () => {
  it('runs values through both sides that take the rare branches, each kept exactly', () => {
    warmUp()
    expectRoundTrips(SAMPLES)
    const json = JSON.stringify(SAMPLES)
    // numbers past 2^32 both ways, a fraction, -0, a lone surrogate, a field without a code, a long string
    expect(json).toContain(String(2 ** 40 + 7))
    expect(json).toContain(String(-(2 ** 40)))
    expect(SAMPLES.some((s) => Object.is((s as { editDate?: number }).editDate, -0))).toBe(true)
    expect(SAMPLES.some((s) => { const t = (s as { text?: unknown }).text; return typeof t === 'string' && !wellFormed(t) })).toBe(true)
    expect(SAMPLES.some((s) => 'caption' in s)).toBe(true)
  })
})
