import { describe, expect, it } from 'vitest'
import type { Message } from '../model/types.ts'
import type { RenderContext } from '../render/context.ts'
import { previewOf } from '../render/preview.ts'
import { RecentMessages } from './recent-messages.ts'

const msg = (id: number, text: string): Message => ({ id, chatId: 5, date: 1_700_000_000 + id, text, entities: [], sender: { id: 9, kind: 'user', name: 'Alice' } })

function database(): RenderContext & { asked: number[] } {
  const asked: number[] = []
  return {
    asked,
    timeZone: 'UTC',
    noteFor: (_chat, id) => (asked.push(id), id < 1000 ? 'Other/2024-01' : undefined),
    replyPreview: (_chat, id) => (asked.push(id), { sender: 'Bob', snippet: `stored ${id}` }),
    mediaFor: () => undefined,
    chatByUsername: () => undefined,
    userName: () => undefined,
  }
}

describe('RecentMessages', () => {
  it('answers for the last messages of the note without asking the database, and asks it for the rest', () => {
    const recent = new RecentMessages(3)
    const db = database()
    const ctx = recent.context(db, 5, 'Chat/2024/2024-01')
    const seen = [...recent.track([1, 2, 3, 4, 5].map((id) => msg(id, `text of ${id}`)))]
    expect(seen.map((m) => m.id)).toEqual([1, 2, 3, 4, 5])
    expect(ctx.noteFor(5, 4)).toBe('Chat/2024/2024-01')
    expect(ctx.replyPreview!(5, 3)).toEqual({ sender: 'Alice', snippet: 'text of 3' })
    expect(db.asked).toEqual([])
    // 1 and 2 fell out of the window; another chat's message 4 is not this note's
    expect(ctx.noteFor(5, 1)).toBe('Other/2024-01')
    expect(ctx.replyPreview!(5, 2)).toEqual({ sender: 'Bob', snippet: 'stored 2' })
    expect(ctx.noteFor(6, 4)).toBe('Other/2024-01')
    expect(db.asked).toEqual([1, 2, 4])
  })

  it('passes a first message read ahead by the caller before the rest, and remembers it', () => {
    const recent = new RecentMessages(3)
    const ctx = recent.context(database(), 5, 'Chat/2024/2024-01')
    const seen = [...recent.track([2, 3].map((id) => msg(id, `text of ${id}`)), msg(1, 'read ahead'))]
    expect(seen.map((m) => m.id)).toEqual([1, 2, 3])
    expect(ctx.replyPreview!(5, 1)).toEqual({ sender: 'Alice', snippet: 'read ahead' })
  })

  it('previews a remembered message as previewOf does: its media when its text is blank, a service line, a signature', () => {
    const recent = new RecentMessages()
    const ctx = recent.context(database(), 5, 'Chat/2024/2024-01')
    const photo: Message = { ...msg(1, '  '), media: { type: 'file', file: { kind: 'photo', uniqueId: 'p', name: 'p.jpg' } } }
    const captioned: Message = { ...photo, id: 2, text: 'a caption' }
    const service: Message = { ...msg(3, ''), sender: undefined, service: { type: 'pin_message', messageId: 1 } }
    const signed: Message = { ...msg(4, 'post'), sender: undefined, signature: 'Editor' }
    const all = [photo, captioned, service, signed]
    for (const _ of recent.track(all)) void _
    for (const m of all) expect(ctx.replyPreview!(5, m.id)).toEqual(previewOf(m))
    expect(all.map((m) => ctx.replyPreview!(5, m.id)!.snippet)).toEqual(['🖼 Photo', 'a caption', 'service message', 'post'])
  })

  it('answers for the latest copy of an id it saw twice, and for slots written over only after a full round', () => {
    const recent = new RecentMessages(4)
    const db = database()
    const ctx = recent.context(db, 5, 'Chat/2024/2024-01')
    for (const _ of recent.track([msg(1, 'first'), msg(2, 'two'), msg(1, 'again')])) void _
    expect(ctx.replyPreview!(5, 1)!.snippet).toBe('again')
    for (const _ of recent.track([3, 4, 5, 6].map((id) => msg(id, `text of ${id}`)))) void _
    expect([3, 4, 5, 6].map((id) => ctx.replyPreview!(5, id)!.snippet)).toEqual(['text of 3', 'text of 4', 'text of 5', 'text of 6'])
    expect(db.asked).toEqual([])
    expect(ctx.replyPreview!(5, 2)).toEqual({ sender: 'Bob', snippet: 'stored 2' })
    expect(ctx.replyPreview!(5, 1)).toEqual({ sender: 'Bob', snippet: 'stored 1' })
  })
})
