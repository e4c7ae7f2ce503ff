import { describe, expect, it } from 'vitest'
import type { Message } from '../model/types.ts'
import { renderBlocks } from './blocks.ts'
import { renderMessage } from './message.ts'
import { testContext } from './test-context.ts'
import { previewOf } from './preview.ts'

const alice = { id: 7, kind: 'user' as const, name: 'Alice' }
const bob = { id: 8, kind: 'user' as const, name: 'Bob [admin]' }
const T = 1704457440 // 2024-01-05 12:24 UTC

function msg(id: number, over: Partial<Message> = {}): Message {
  return { id, chatId: 100, date: T + id * 60, sender: alice, text: '', entities: [], ...over }
}

const HELLO = 'Hello world! Read the docs at example.com and #news 😀 - ok'

/** A representative period: one of each kind the renderer must get right. */
const sample: Message[] = [
  msg(1, {
    text: HELLO,
    entities: [
      { type: 'bold', offset: 0, length: 5 },
      { type: 'italic', offset: HELLO.indexOf('world'), length: 5 },
      { type: 'url', offset: HELLO.indexOf('example.com'), length: 11 },
      { type: 'hashtag', offset: HELLO.indexOf('#news'), length: 5 },
      { type: 'bold', offset: HELLO.indexOf('😀'), length: 2 },
    ],
    reactions: [{ emoji: '👍', count: 3 }, { emoji: '❤️', count: 1 }],
    views: 1200,
    editDate: T + 600,
  }),
  msg(2, { sender: bob, text: 'Agreed.\nSecond line', replyTo: { messageId: 1, quote: { text: 'Hello', entities: [] } } }),
  msg(3, { text: 'Answering an old one', replyTo: { messageId: 5000 } }),
  msg(4, {
    text: 'Look at this',
    forward: { from: 'Space News', fromPeer: { id: 100, kind: 'channel', name: 'Space News' }, messageId: 1, date: T - 86400, signature: 'Ed' },
  }),
  msg(5, { groupedId: 'g1', text: 'Trip photos', media: { type: 'file', file: { kind: 'photo', uniqueId: 'p5', name: 'a.jpg' } } }),
  msg(6, { groupedId: 'g1', media: { type: 'file', file: { kind: 'photo', uniqueId: 'p6', name: 'big.jpg' } } }),
  msg(7, { groupedId: 'g1', media: { type: 'file', file: { kind: 'video', uniqueId: 'p7', name: 'c.mp4', duration: 12 } } }),
  msg(8, {
    media: {
      type: 'poll',
      question: { text: 'Best planet?', entities: [] },
      answers: [
        { text: { text: 'Mars', entities: [] }, voters: 6, correct: true },
        { text: { text: 'Venus', entities: [] }, voters: 2, chosen: true },
      ],
      totalVoters: 8,
      quiz: true,
      solution: { text: 'Mars has rovers', entities: [] },
    },
  }),
  msg(9, { service: { type: 'pin_message', messageId: 8 } }),
  msg(10, { media: { type: 'file', file: { kind: 'file', uniqueId: 'f10', name: 'report.pdf' } } }),
  msg(11, { text: 'too big', media: { type: 'file', file: { kind: 'file', uniqueId: 'f11', name: 'big.iso' } } }),
  msg(12, {
    text: 'https://example.com/post',
    entities: [{ type: 'url', offset: 0, length: 24 }],
    media: { type: 'webpage', url: 'https://example.com/post', siteName: 'Example', title: 'A post', description: 'First line\n# not a heading' },
  }),
  msg(13, { media: { type: 'geo', lat: 52.52, long: 13.405 } }),
  msg(14, { sender: undefined, signature: 'Editor', media: { type: 'contact', firstName: 'Carl', lastName: 'Sagan', phone: '+1 555 0100' } }),
]

sample.push(
  msg(15, {
    sender: bob,
    media: {
      type: 'poll',
      question: { text: 'أي كوكب؟', entities: [] },
      answers: [
        { text: { text: 'المريخ', entities: [] }, voters: 1 },
        { text: { text: 'الزهرة', entities: [] }, voters: 1 },
        { text: { text: 'Earth', entities: [] }, voters: 1 },
      ],
      totalVoters: 3,
    },
  }),
  msg(16, { sender: bob, service: { type: 'phone_call', values: { duration: 75, reason: 'hangup' } } }),
  msg(17, { service: { type: 'phone_call', values: { reason: 'missed', video: true } } }),
  msg(18, { sender: bob, text: 'Looks great', replyTo: { messageId: 6 } }),
)

/** Bob (8) is the account itself; replies preview the sample's messages. */
const ctx = testContext({
  selfId: 8,
  replyPreview: (chatId, id) => {
    const m = sample.find((x) => x.id === id)
    return m && chatId === 100 ? previewOf(m) : undefined
  },
})

function renderAll(messages: Message[]): string {
  return [...renderBlocks(messages, ctx)].join('')
}

describe('renderBlocks', () => {
  it('matches the golden rendering of a representative period', async () => {
    await expect(renderAll(sample)).toMatchFileSnapshot('./__golden__/messages.md')
  })

  it('gives every message exactly one block id, alone on its line between blank lines', () => {
    const md = renderAll(sample)
    for (const m of sample) {
      const re = new RegExp(`(?<!#)\\^m${m.id}(?![0-9])`, 'g')
      expect(md.match(re)?.length, `^m${m.id}`).toBe(1)
      expect(md).toContain(`\n\n^m${m.id}\n\n`)
    }
  })

  it('keeps every line of a message inside its callout', () => {
    const md = renderAll(sample)
    for (const line of md.split('\n')) {
      if (line === '' || /^\^m\d+$/.test(line)) continue
      expect(line.startsWith('>'), line).toBe(true)
    }
  })

  it('links and embeds only what the vault holds', () => {
    const md = renderAll(sample)
    const targets = [...md.matchAll(/!?\[\[([^\]|]+)(?:\|[^\]]*)?\]\]/g)].map((m) => m[1])
    expect(targets.length).toBeGreaterThan(3)
    for (const t of targets) expect(t).toMatch(/^News \(100\)\/(2024\/2024-01#\^m\d+|_media\/(photo|video|file)\/\d+-[\w.]+)$/)
    expect(md).not.toContain('big.jpg]]')
    expect(md).toContain('\\[photo: big.jpg — not downloaded: too large\\]')
  })

  it('renders an album as one callout with its caption, followed by the id of every item', () => {
    const chunks = [...renderBlocks(sample.slice(4, 8), ctx)]
    expect(chunks).toHaveLength(2)
    const album = chunks[0]!
    expect(album).toMatch(/^> \[!tg\|c0 album\] \*\*Alice\*\* · 2024-01-05 12:29 · album of 3\n/)
    expect(album.match(/^> \[!/gm)).toHaveLength(1)
    expect(album).toContain('> Trip photos\n')
    expect(album).toContain('> ![[News (100)/_media/video/7-c.mp4]]\n')
    expect(album.endsWith('\n\n^m5\n\n^m6\n\n^m7\n\n')).toBe(true)
  })

  it('draws my messages apart and colours others by sender', () => {
    const md = renderAll(sample)
    expect(md).toContain('> [!tg-out] **Bob \\[admin\\]** · 2024-01-05 12:26\n')
    expect(md).toContain('> [!tg|c0] **Alice** · 2024-01-05 12:25')
  })

  it('shows who and what a reply answers, as a link to the parent block, and says when the parent is outside the export', () => {
    const md = renderAll(sample)
    expect(md).toContain('> > ↩ **Alice** · [[News (100)/2024/2024-01#^m1|Hello world! Read the docs at example.com and #news 😀 - ok]]\n> >\n> > Hello\n')
    expect(md).toContain('> > ↩ **Alice** · [[News (100)/2024/2024-01#^m6|🖼 Photo]]')
    expect(md).toContain('> > ↩ reply to message 5000 (not in this export)')
  })

  it('says incoming or outgoing for calls, and isolates right-to-left poll rows', () => {
    const md = renderAll(sample)
    expect(md).toContain('· Outgoing call (1:15)')
    expect(md).toContain('· Incoming video call, missed')
    expect(md).toContain('> - \u2068المريخ\u2069 — ███░░░░░░░ 34% (1)\n> - \u2068الزهرة\u2069 — ███░░░░░░░ 33% (1)\n> - Earth — ███░░░░░░░ 33% (1)')
  })

  it('starts a new album when the group id changes and never groups service messages', () => {
    const ms = [msg(1, { groupedId: 'a' }), msg(2, { groupedId: 'b' }), msg(3, { groupedId: 'b', service: { type: 'history_clear' } })]
    const chunks = [...renderBlocks(ms, ctx)]
    expect(chunks).toHaveLength(3)
    expect(chunks[2]).toMatch(/^> \[!tg-service\]/)
  })

  it('ends with the album a period ends with, and closes its source when its reader stops early', () => {
    const ms = [msg(1), msg(2, { groupedId: 'a' }), msg(3, { groupedId: 'a' })]
    const chunks = [...renderBlocks(ms, ctx)]
    expect(chunks).toHaveLength(2)
    expect(chunks[1]!.endsWith('\n\n^m2\n\n^m3\n\n')).toBe(true)
    let closed = false
    function* source(): Generator<Message> {
      try {
        yield* ms
      } finally {
        closed = true
      }
    }
    const blocks = renderBlocks(source(), ctx)
    blocks.next()
    expect(closed).toBe(false)
    blocks.return(undefined)
    expect(closed).toBe(true)
  })

  it('renders times in the context zone', () => {
    const berlin = testContext({ timeZone: 'Europe/Berlin' })
    expect(renderMessage(msg(0, { date: T }), berlin)).toContain('2024-01-05 13:24')
    expect(renderMessage(msg(0, { date: 1719835200 }), berlin)).toContain('2024-07-01 14:00') // summer time
  })

  it('cannot be broken out of by hostile text', () => {
    const out = renderMessage(msg(20, { sender: { id: 1, kind: 'user', name: '**x\n# y' }, text: 'a\n\n^m1\n\n---\n> [!x]' }), ctx)
    expect(out).toBe('> [!tg|c1] **\\*\\*x # y** · 2024-01-05 12:44\n> a\n>\n> \\^m1\n>\n> \\---\n> \\> \\[!x\\]\n\n^m20\n\n')
  })
})
