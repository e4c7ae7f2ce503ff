import { describe, expect, it } from 'vitest'
import { createWorld } from './world.ts'

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff

describe('message text and entities', () => {
  const world = createWorld({ seed: 61, messages: 20_000 })
  const messages = world.chats.flatMap((chat) => [...world.ids(chat.id)].slice(0, 1500).map((id) => world.message(chat.id, id)!))

  it('keeps every entity inside the text without splitting a surrogate pair (UTF-16 offsets)', () => {
    let checked = 0
    let nonBmpBefore = 0
    for (const m of messages) {
      for (const e of m.entities) {
        checked++
        expect(e.offset).toBeGreaterThanOrEqual(0)
        expect(e.length).toBeGreaterThan(0)
        expect(e.offset + e.length).toBeLessThanOrEqual(m.text.length)
        expect(isLow(m.text.charCodeAt(e.offset))).toBe(false)
        expect(isHigh(m.text.charCodeAt(e.offset + e.length - 1))).toBe(false)
        if (/[\u{10000}-\u{10FFFF}]/u.test(m.text.slice(0, e.offset))) nonBmpBefore++
      }
      if (m.replyTo?.quote) {
        const parent = world.message(m.chatId, m.replyTo.messageId)!
        expect(parent.text.slice(m.replyTo.quote.offset, m.replyTo.quote.offset + m.replyTo.quote.text.length)).toBe(m.replyTo.quote.text)
      }
    }
    expect(checked).toBeGreaterThan(1000)
    expect(nonBmpBefore).toBeGreaterThan(100)
  })

  it('covers every entity kind, hostile text and the media and service mix', () => {
    const types = new Set(messages.flatMap((m) => m.entities.map((e) => e.type)))
    for (const t of ['bold', 'italic', 'underline', 'strike', 'spoiler', 'code', 'pre', 'text_link', 'url', 'mention', 'mention_name', 'hashtag', 'custom_emoji', 'blockquote']) {
      expect(types).toContain(t)
    }
    expect(messages.some((m) => m.entities.some((e) => e.type === 'blockquote' && e.collapsed))).toBe(true)
    expect(messages.some((m) => m.entities.some((e) => e.type === 'pre' && e.language))).toBe(true)
    expect(messages.some((m) => m.text.startsWith('---'))).toBe(true)
    expect(messages.some((m) => m.text.includes('![[x]]'))).toBe(true)
    const media = new Set(messages.map((m) => (m.media?.type === 'file' ? m.media.kind : m.media?.type)))
    for (const k of ['photo', 'video', 'voice', 'audio', 'sticker', 'animation', 'file', 'poll', 'geo', 'venue', 'contact', 'dice', 'webpage']) {
      expect(media).toContain(k)
    }
    expect(messages.some((m) => m.media?.type === 'poll' && m.media.quiz)).toBe(true)
    const services = new Set(messages.map((m) => m.service?.type))
    for (const s of ['chat_create', 'channel_create', 'chat_add_user', 'chat_delete_user', 'pin_message', 'chat_edit_title', 'topic_create', 'game_score', 'phone_call']) {
      expect(services).toContain(s)
    }
    expect(messages.some((m) => m.forward?.fromUserId)).toBe(true)
    expect(messages.some((m) => m.forward?.channelPost)).toBe(true)
    expect(messages.some((m) => m.forward?.fromName)).toBe(true)
    expect(messages.some((m) => m.replyTo?.quote)).toBe(true)
    expect(messages.some((m) => m.viaBotId)).toBe(true)
    expect(messages.some((m) => m.postAuthor)).toBe(true)
    expect(messages.some((m) => m.reactions?.length)).toBe(true)
    expect(messages.some((m) => m.editDate)).toBe(true)
  })
})
