// The reader against two real Telegram Desktop exports (read in place from ../shared/fixtures).
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { Chat, Message } from '../model/types.ts'
import { openDesktopExport } from './index.ts'

const FIXTURES = fileURLToPath(new URL('../../../shared/fixtures/desktop-export/', import.meta.url))

interface RawMessage {
  id: number
  type: string
  date: string
  date_unixtime?: string
  edited_unixtime?: string
  from?: string | null
  reply_to_message_id?: number
  text: string | (string | { type: string; text: string })[]
  text_entities?: { type: string; text: string }[]
  media_type?: string
  photo?: string
  file?: string
}

function rawMessages(name: string): RawMessage[] {
  return (JSON.parse(readFileSync(FIXTURES + name, 'utf8')) as { messages: RawMessage[] }).messages
}

async function convert(name: string): Promise<{ chat: Chat; messages: Message[]; mediaRoot: string }> {
  const exp = await openDesktopExport(FIXTURES + name)
  const out: { chat: Chat; messages: Message[]; mediaRoot: string }[] = []
  for await (const c of exp.chats()) {
    const messages: Message[] = []
    for await (const m of c.messages) messages.push(m)
    out.push({ chat: c.chat, messages, mediaRoot: c.mediaRoot })
  }
  expect(out).toHaveLength(1)
  return out[0]!
}

function plainText(raw: RawMessage): string {
  const parts = raw.text_entities ?? (typeof raw.text === 'string' ? [raw.text] : raw.text)
  return parts.map((p) => (typeof p === 'string' ? p : p.text)).join('')
}

describe('supergroup-2022 (newer format: unixtime, text_entities)', async () => {
  const raw = rawMessages('supergroup-2022.json')
  const { chat, messages, mediaRoot } = await convert('supergroup-2022.json')
  const byId = new Map(messages.map((m) => [m.id, m]))

  it('maps the chat header', () => {
    expect(chat).toEqual({ id: 1712691810, kind: 'supergroup', title: 'Teknologi Umum v2.0' })
    expect(mediaRoot).toBe(FIXTURES.replace(/\/$/, ''))
  })

  it('yields every message exactly once, in ascending order, with its text and dates', () => {
    expect(raw).toHaveLength(155)
    expect(messages.map((m) => m.id)).toEqual(raw.map((r) => r.id))
    for (let i = 1; i < messages.length; i++) expect(messages[i]!.id).toBeGreaterThan(messages[i - 1]!.id)
    for (const r of raw) {
      const m = byId.get(r.id)!
      expect(m.chatId).toBe(1712691810)
      expect(m.text).toBe(plainText(r))
      expect(m.date).toBe(Number(r.date_unixtime))
      if (r.edited_unixtime) expect(m.editDate).toBe(Number(r.edited_unixtime))
      else expect(m.editDate).toBeUndefined()
      expect(m.topicId).toBeUndefined()
    }
    expect(messages.filter((m) => m.editDate !== undefined)).toHaveLength(12)
  })

  it('keeps all 52 replies', () => {
    const replies = raw.filter((r) => r.reply_to_message_id !== undefined)
    expect(replies).toHaveLength(52)
    for (const r of replies) expect(byId.get(r.id)!.replyTo).toEqual({ messageId: r.reply_to_message_id })
    expect(messages.filter((m) => m.replyTo)).toHaveLength(52)
  })

  it('names deleted accounts ("from": null) and keeps their ids', () => {
    const deleted = messages.filter((m) => m.sender?.name === 'Deleted Account')
    expect(deleted).toHaveLength(41)
    expect(byId.get(10821)!.sender).toEqual({ id: 1168523623, kind: 'user', name: 'Deleted Account' })
    expect(byId.get(10824)!.sender).toEqual({ id: 1462097294, kind: 'user', name: 'Reinaldy' })
  })

  it('rebuilds entities with UTF-16 offsets', () => {
    expect(byId.get(10821)!.entities).toEqual([{ type: 'url', offset: 0, length: 51 }])
    expect(byId.get(10915)!.entities).toEqual([{ type: 'mention', offset: 29, length: 9 }])
    expect(byId.get(10914)!.entities).toEqual([
      { type: 'italic', offset: 35, length: 63 },
      { type: 'italic', offset: 100, length: 31 },
    ])
    // An empty plain part after the italic one adds nothing.
    expect(byId.get(10832)!.entities).toEqual([{ type: 'italic', offset: 0, length: byId.get(10832)!.text.length }])
    const board = byId.get(10951)!
    expect(board.entities).toEqual([{ type: 'bold', offset: 0, length: 30 }])
    expect(board.text).toContain('🌿')
    expect(messages.flatMap((m) => m.entities.map((e) => e.type)).sort()).toEqual(
      ['bold', 'bot_command', 'italic', 'italic', 'italic', 'italic', 'italic', 'italic', 'italic', 'italic', 'italic', 'italic', 'mention', 'mention', 'url'],
    )
  })

  it('maps stickers, animations and photos to FileRefs whose files are absent', () => {
    expect(byId.get(10837)!.media).toEqual({
      type: 'file',
      file: {
        kind: 'sticker', uniqueId: 'desktop:stickers/sticker (1).webp', name: 'sticker (1).webp',
        ref: 'stickers/sticker (1).webp', width: 512, height: 204, emoji: '✨',
      },
    })
    expect(byId.get(10906)!).toMatchObject({
      viaBot: 'gif',
      media: { type: 'file', file: { kind: 'animation', ref: 'video_files/kiki-kikicat.mp4', mime: 'video/mp4', duration: 1, width: 320, height: 320 } },
    })
    expect(byId.get(10822)!.media).toEqual({
      type: 'file',
      file: {
        kind: 'photo', uniqueId: 'desktop:photos/photo_317@05-06-2022_15-43-13.jpg',
        name: 'photo_317@05-06-2022_15-43-13.jpg', ref: 'photos/photo_317@05-06-2022_15-43-13.jpg', width: 1280, height: 601,
      },
    })
    const kinds = messages.flatMap((m) => (m.media?.type === 'file' ? [m.media.file.kind] : []))
    expect(kinds.sort()).toEqual(['animation', 'animation', 'photo', 'photo', 'sticker', 'sticker'])
  })
})

describe('tg2md-channel-2021 (older format: no unixtime, mixed text arrays)', async () => {
  const raw = rawMessages('tg2md-channel-2021.json')
  const { chat, messages } = await convert('tg2md-channel-2021.json')
  const byId = new Map(messages.map((m) => [m.id, m]))

  it('maps the chat and every message once, in order', () => {
    expect(chat).toEqual({ id: 1292077344, kind: 'channel', title: 'test' })
    expect(messages.map((m) => m.id)).toEqual(raw.map((r) => r.id))
    for (const r of raw) expect(byId.get(r.id)!.text).toBe(plainText(r))
  })

  it('reads zone-less dates as UTC', () => {
    expect(byId.get(1)!.date).toBe(Date.UTC(2020, 10, 12, 12, 53, 52) / 1000)
    expect(byId.get(5)!.editDate).toBe(Date.UTC(2020, 10, 12, 13, 3, 0) / 1000)
  })

  it('maps the create_channel service message with its actor', () => {
    expect(byId.get(1)).toEqual({
      id: 1, chatId: 1292077344, date: 1605185632, text: '', entities: [],
      sender: { id: 1292077344, kind: 'channel', name: 'test' },
      service: { type: 'channel_create', title: 'test' },
    })
  })

  it('rebuilds entities from mixed text arrays', () => {
    expect(byId.get(5)!.entities).toEqual([
      { type: 'italic', offset: 0, length: 8 },
      { type: 'bold', offset: 8, length: 6 },
      { type: 'underline', offset: 14, length: 11 },
      { type: 'strike', offset: 25, length: 15 },
      { type: 'pre', offset: 40, length: 9 },
    ])
    expect(byId.get(14)!.entities).toEqual([
      { type: 'text_link', offset: 0, length: 11, url: 'http://example.com/' },
      { type: 'url', offset: 11, length: 11 },
      { type: 'email', offset: 24, length: 19 },
    ])
    expect(byId.get(9)!.text).toBe('italic in text\n\nitalic on whole line')
  })

  it('maps voice, audio, photos and generic files', () => {
    expect(byId.get(7)!.media).toMatchObject({ type: 'file', file: { kind: 'voice', ref: 'voice_messages/audio_1@12-11-2020_13-01-05.ogg', mime: 'audio/ogg', duration: 2 } })
    expect(byId.get(8)!.media).toMatchObject({ type: 'file', file: { kind: 'audio', name: 'test-sound.ogg', duration: 1 } })
    expect(byId.get(22)!.media).toMatchObject({ type: 'file', file: { kind: 'file', name: 'dice.svg', mime: 'image/svg+xml', width: 622, height: 406 } })
    // An album-like run: three photos, no grouped id in Desktop exports.
    for (const id of [23, 24, 25]) {
      expect(byId.get(id)!.media).toMatchObject({ type: 'file', file: { kind: 'photo', ref: 'photos/photo_3@14-07-2021_18-52-46.jpg' } })
      expect(byId.get(id)!.groupedId).toBeUndefined()
    }
    expect(messages.filter((m) => m.editDate !== undefined).map((m) => m.id)).toEqual([5, 10, 13, 14, 22])
  })
})
