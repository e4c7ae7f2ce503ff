import { describe, expect, it } from 'vitest'
import type { Media, Message } from '../model/types.ts'
import { renderMedia } from './media.ts'
import { testContext } from './test-context.ts'

const ctx = testContext()
const m: Message = { id: 5, chatId: 100, date: 0, text: '', entities: [] }
const r = (media: Media): string => renderMedia(m, media, ctx)
const file = (kind: 'photo' | 'file' | 'audio' | 'voice', name: string, extra = {}): Media => ({ type: 'file', file: { kind, uniqueId: name, name, ...extra } })

describe('renderMedia', () => {
  it('embeds placed media, links generic files, and never links what was not placed', () => {
    expect(r(file('photo', 'a.jpg'))).toBe('![[News (100)/_media/photo/5-a.jpg]]')
    expect(r(file('file', 'r.pdf'))).toBe('📎 [[News (100)/_media/file/5-r.pdf|r.pdf]]')
    expect(r(file('photo', 'big.jpg'))).toBe('\\[photo: big.jpg — not downloaded: too large\\]')
    expect(r(file('voice', 'none.ogg', { duration: 65 }))).toBe('\\[voice message: none.ogg — not downloaded: media not exported\\]\n⏱ 1:05')
    expect(r(file('photo', 'a.jpg', { unavailable: 'File not included' }))).toBe('\\[photo: a.jpg — not downloaded: File not included\\]')
    expect(r(file('audio', 'x.mp3', { performer: 'Band', title: 'Song', duration: 200 }))).toBe('![[News (100)/_media/audio/5-x.mp3]]\n🎵 Band — Song (3:20)')
  })

  it('renders the other kinds as text', () => {
    expect(r({ type: 'venue', lat: 1, long: 2, title: 'Cafe *', address: 'Main St' })).toMatch(/^📍 \*\*Cafe \\\*\*\*, Main St — \[map\]\(https:\/\/www\.openstreetmap\.org\//)
    expect(r({ type: 'geo_live', lat: 1, long: 2, period: 900 })).toContain('(shared for 15:00)')
    expect(r({ type: 'dice', emoji: '🎲', value: 4 })).toBe('🎲 Dice: 4')
    expect(r({ type: 'game', title: 'Chess' })).toBe('🎮 Game: **Chess**')
    expect(r({ type: 'invoice', title: 'Book', currency: 'EUR', totalAmount: 1999 })).toBe('🧾 Invoice: **Book** — 19.99 EUR')
    expect(r({ type: 'giveaway', quantity: 3, months: 6, untilDate: 1704067200 })).toBe('🎁 Giveaway: 3 × Telegram Premium for 6 months\nuntil 2024-01-01 00:00')
    expect(r({ type: 'story', storyId: 9, via: 'Bob' })).toBe('📖 Story 9 from Bob')
    expect(r({ type: 'paid', starsAmount: 10, files: [{ kind: 'photo', uniqueId: 'p', name: 'big.png' }] })).toBe('⭐ Paid media for 10 Stars\n\\[photo: big.png — not downloaded: too large\\]')
    expect(r({ type: 'unsupported', what: 'messageMediaFoo' })).toBe('\\[unsupported media: messageMediaFoo\\]')
    const todo = r({ type: 'todo', title: { text: 'Trip', entities: [] }, items: [{ id: 1, title: { text: '- pack', entities: [] }, done: true }, { id: 2, title: { text: 'go', entities: [] } }] })
    expect(todo).toBe('☑️ Checklist: **Trip**\n- [x] \\- pack\n- [ ] go')
  })
})

describe('poll percentages', () => {
  it('add up to 100 (largest remainder), and stay 0 with no votes', async () => {
    const { percentages } = await import('./media.ts')
    expect(percentages([1, 1, 1], 3)).toEqual([34, 33, 33])
    expect(percentages([2, 1, 4], 7).reduce((a, b) => a + b, 0)).toBe(100)
    expect(percentages([0, 0], 0)).toEqual([0, 0])
  })

  it('keeps a webpage with a hostile URL as text', () => {
    expect(r({ type: 'webpage', url: 'javascript:alert(1)', title: 'Click' })).toBe('> 🔗 Click')
  })
})
