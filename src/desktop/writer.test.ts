// Round trip: model -> writeDesktopExport -> openDesktopExport -> the same model.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Chat, Message } from '../model/types.ts'
import { writeDesktopExport } from './index.ts'
import { readAll, tempDir } from './test-helpers.ts'

const CHAT = 42
const ann = { id: 7, kind: 'user' as const, name: 'Ann' }
const base = (id: number, extra: Partial<Message> = {}): Message => ({
  id, chatId: CHAT, date: 1_700_000_000 + id * 60, text: '', entities: [], sender: ann, ...extra,
})

const MESSAGES: Message[] = [
  base(1, { service: { type: 'chat_create', title: 'G', users: ['Bob', 'Deleted Account'] } }),
  base(2, {
    text: '👍🏽 bold italic link',
    entities: [
      { type: 'bold', offset: 5, length: 4 },
      { type: 'italic', offset: 10, length: 6 },
      { type: 'text_link', offset: 17, length: 4, url: 'https://e.x/' },
    ],
    editDate: 1_700_000_500,
  }),
  base(3, {
    text: 'code pre @ann Ann #t $T /go 4242 🔥 q r e.x a@e.x +1 spoil',
    entities: [
      { type: 'code', offset: 0, length: 4 },
      { type: 'pre', offset: 5, length: 3, language: 'js' },
      { type: 'mention', offset: 9, length: 4 },
      { type: 'mention_name', offset: 14, length: 3, userId: 7 },
      { type: 'hashtag', offset: 18, length: 2 },
      { type: 'cashtag', offset: 21, length: 2 },
      { type: 'bot_command', offset: 24, length: 3 },
      { type: 'bank_card', offset: 28, length: 4 },
      { type: 'custom_emoji', offset: 33, length: 2, documentId: '5368324170671202286' },
      { type: 'blockquote', offset: 36, length: 1, collapsed: true },
      { type: 'blockquote', offset: 38, length: 1 },
      { type: 'url', offset: 40, length: 3 },
      { type: 'email', offset: 44, length: 5 },
      { type: 'phone', offset: 50, length: 2 },
      { type: 'spoiler', offset: 53, length: 5 },
    ],
    replyTo: { messageId: 2 },
    reactions: [{ emoji: '👍', count: 2 }, { emoji: 'custom:99', count: 1 }, { emoji: 'paid', count: 3 }],
  }),
  base(4, { sender: { id: 5, kind: 'channel', name: 'News' }, signature: 'Editor', forward: { from: 'Other', fromPeer: { id: 9, kind: 'channel', name: 'Other' }, date: 0 } }),
  base(5, { sender: { id: 8, kind: 'user', name: 'Deleted Account' }, forward: { from: 'Deleted Account', savedFrom: 'News', date: 0 }, viaBot: 'gif', replyTo: { messageId: 1, chatId: 77 } }),
  base(6, { sender: { id: 3, kind: 'chat', name: 'Old group' }, media: { type: 'file', spoiler: true, ttlSeconds: 10, file: { kind: 'photo', uniqueId: 'desktop:photos/p.jpg', name: 'p.jpg', ref: 'photos/p.jpg', width: 10, height: 20, size: 99 } } }),
  base(7, { media: { type: 'file', file: { kind: 'sticker', uniqueId: 'desktop:stickers/s.webp', name: 's.webp', ref: 'stickers/s.webp', emoji: '😀', width: 512, height: 512, mime: 'image/webp' } } }),
  base(8, { media: { type: 'file', file: { kind: 'voice', uniqueId: 'desktop:voice/v.ogg', name: 'v.ogg', ref: 'voice/v.ogg', mime: 'audio/ogg', duration: 3 } } }),
  base(9, { media: { type: 'file', file: { kind: 'video_note', uniqueId: 'desktop:round/r.mp4', name: 'r.mp4', ref: 'round/r.mp4', duration: 4, width: 240, height: 240 } } }),
  base(10, { media: { type: 'file', file: { kind: 'video', uniqueId: 'desktop:video/v.mp4', name: 'clip.mp4', ref: 'video/v.mp4', duration: 5, size: 12345 } } }),
  base(11, { media: { type: 'file', file: { kind: 'animation', uniqueId: 'desktop:video/a.mp4', name: 'a.mp4', ref: 'video/a.mp4' } } }),
  base(12, { media: { type: 'file', file: { kind: 'audio', uniqueId: 'desktop:files/s.mp3', name: 's.mp3', ref: 'files/s.mp3', performer: 'Band', title: 'Song', duration: 200 } } }),
  base(13, { text: 'a doc', media: { type: 'file', file: { kind: 'file', uniqueId: 'desktop:files/d.pdf', name: 'd.pdf', ref: 'files/d.pdf', mime: 'application/pdf' } } }),
  base(14, { media: { type: 'file', file: { kind: 'file', uniqueId: `desktop:unavailable:${CHAT}/14`, name: 'big.iso', unavailable: '(File exceeds maximum size. Change data exporting settings to download.)' } } }),
  base(15, { media: { type: 'poll', question: { text: 'Best?', entities: [] }, closed: true, totalVoters: 3, answers: [{ text: { text: 'A', entities: [] }, voters: 2, chosen: true }, { text: { text: 'B', entities: [] }, voters: 1 }] } }),
  base(16, { media: { type: 'poll', question: { text: 'Quiz?', entities: [{ type: 'bold', offset: 0, length: 4 }] }, quiz: true, multiple: false, answers: [{ text: { text: 'Yes', entities: [] }, voters: 1, correct: true }], solution: { text: 'Because', entities: [] } } }),
  base(17, { media: { type: 'contact', firstName: 'Bob', phone: '+1 555' } }),
  base(18, { media: { type: 'contact', firstName: 'Eve', lastName: 'X', phone: '+2' } }),
  base(19, { media: { type: 'geo', lat: 52.5, long: 13.4 } }),
  base(20, { media: { type: 'geo_live', lat: 1.5, long: 2.5, period: 900 } }),
  base(21, { media: { type: 'venue', lat: 3, long: 4, title: 'Cafe', address: 'Main St 1' } }),
  base(22, { media: { type: 'game', title: 'Lumber', description: 'Chop', shortName: 'lumber' } }),
  base(23, { media: { type: 'invoice', title: 'T', description: 'D', currency: 'EUR', totalAmount: 500 } }),
  base(24, { media: { type: 'giveaway', quantity: 3, months: 6, untilDate: 1_700_100_000, channels: [5, 6], countries: ['DE'], prize: 'Cake' } }),
  base(25, { media: { type: 'paid', starsAmount: 50, files: [] } }),
  base(26, { service: { type: 'pin_message', messageId: 3 } }),
  base(27, { service: { type: 'phone_call', values: { duration: 61, reason: 'hangup' } } }),
  base(28, { service: { type: 'set_chat_wall_paper', messageId: 3, values: { same: true } } }),
  base(29, { service: { type: 'bot_allowed', values: { attachMenu: true } } }),
  base(30, { service: { type: 'geo_proximity_reached', values: { fromName: 'Ann', fromId: 7, toName: 'Bob', toId: 8, distance: 50 } } }),
  base(31, { service: { type: 'custom_action', values: { message: 'Bot did something' } } }),
  base(32, { service: { type: 'custom_action', values: { message: 'Unknown service action: teleport' } } }),
  base(33, { service: { type: 'chat_joined_by_link', values: { inviterName: 'Bob' } } }),
  { id: 34, chatId: CHAT, date: 1_700_002_040, text: '[Telegram Desktop did not export this message (type "unsupported")]', entities: [], media: { type: 'unsupported', what: 'Desktop export message type "unsupported"' } },
  base(35, { text: 'after', sender: { id: 8, kind: 'user', name: 'Bob' } }),
]

describe('writeDesktopExport', () => {
  it('round-trips every field the reader supports', async () => {
    const dir = tempDir()
    const chat: Chat = { id: CHAT, kind: 'supergroup', title: 'Round trip' }
    await writeDesktopExport(dir, chat, MESSAGES, {})
    const [read] = await readAll(dir)
    expect(read!.chat).toEqual(chat)
    expect(read!.messages).toHaveLength(MESSAGES.length)
    read!.messages.forEach((m, i) => expect(m).toEqual(MESSAGES[i]))
  })

  it('writes the current Desktop layout, streaming from an async iterable', async () => {
    const dir = tempDir()
    async function* gen(): AsyncGenerator<Message> {
      yield MESSAGES[1]!
      yield MESSAGES[5]!
    }
    await writeDesktopExport(dir, { id: 1, kind: 'channel', title: 'Feed', username: 'feed' }, gen(), {
      mediaPathFor: (m) => (m.id === 6 ? 'photos/elsewhere.jpg' : undefined),
    })
    const raw = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as { type: string; messages: Record<string, unknown>[] }
    expect(raw.type).toBe('public_channel')
    expect(raw.messages[0]).toMatchObject({
      id: 2, type: 'message', date: '2023-11-14T22:15:20', date_unixtime: '1700000120', from: 'Ann', from_id: 'user7',
      edited_unixtime: '1700000500',
      text: ['👍🏽 ', { type: 'bold', text: 'bold' }, ' ', { type: 'italic', text: 'italic' }, ' ', { type: 'text_link', text: 'link', href: 'https://e.x/' }],
    })
    expect(raw.messages[0]!.text_entities).toHaveLength(6)
    expect(raw.messages[1]).toMatchObject({ photo: 'photos/elsewhere.jpg', from: 'Old group', from_id: 'chat3' })
  })

  it('writes Saved Messages without a name and an empty chat as an empty list', async () => {
    const dir = tempDir()
    await writeDesktopExport(dir, { id: 7, kind: 'saved', title: 'Saved Messages' }, [], {})
    const raw = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as Record<string, unknown>
    expect(raw).toEqual({ type: 'saved_messages', id: 7, messages: [] })
    const [read] = await readAll(dir)
    expect(read!.chat).toEqual({ id: 7, kind: 'saved', title: 'Saved Messages' })
  })

  it('round-trips a forum: topics inferred back from topic_create and reply pointers', async () => {
    const dir = tempDir()
    const chat: Chat = { id: 9, kind: 'forum', title: 'Forum', topics: [{ id: 1, title: 'General' }, { id: 2, title: 'Ideas' }] }
    const msgs: Message[] = [
      { ...base(1, { text: 'hello' }), chatId: 9, topicId: 1 },
      { ...base(2, { service: { type: 'topic_create', title: 'Ideas' } }), chatId: 9, topicId: 2 },
      { ...base(3, { text: 'idea' }), chatId: 9, topicId: 2 },
      { ...base(4, { text: 're idea', replyTo: { messageId: 3 } }), chatId: 9, topicId: 2 },
      { ...base(5, { text: 're hello', replyTo: { messageId: 1 } }), chatId: 9, topicId: 1 },
    ]
    await writeDesktopExport(dir, chat, msgs, {})
    const [read] = await readAll(dir)
    expect(read!.chat).toEqual(chat)
    expect(read!.messages).toEqual(msgs)
  })
})
