import { describe, expect, it } from 'vitest'
import { NoteCache } from './vault-context.ts'

describe('NoteCache', () => {
  it('answers by chat and message id, keeping at most perChat ids per chat', () => {
    const cache = new NoteCache(3, 2)
    for (let id = 1; id <= 4; id++) cache.set(7, id, `Chat (7)/2024/2024-0${id}`)
    cache.set(8, 1, 'Other (8)/2024/2024-01')
    expect(cache.get(7, 1)).toBeUndefined()
    expect(cache.get(7, 4)).toBe('Chat (7)/2024/2024-04')
    expect(cache.get(8, 1)).toBe('Other (8)/2024/2024-01')
    expect(cache.get(8, 4)).toBeUndefined()
  })

  it('forgets the chat cached first when more chats are looked up than it keeps', () => {
    const cache = new NoteCache(10, 2)
    cache.set(1, 5, 'A')
    cache.set(2, 5, 'B')
    cache.set(3, 5, 'C')
    expect([cache.get(1, 5), cache.get(2, 5), cache.get(3, 5)]).toEqual([undefined, 'B', 'C'])
  })
})
