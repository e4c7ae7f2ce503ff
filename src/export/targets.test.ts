import { describe, expect, it } from 'vitest'
import { parseTarget, TargetError } from './targets.ts'

describe('parseTarget', () => {
  it.each([
    ['@durov', { by: 'username', username: 'durov' }],
    ['durov', { by: 'username', username: 'durov' }],
    ['https://t.me/durov', { by: 'username', username: 'durov' }],
    ['t.me/durov/42', { by: 'username', username: 'durov', messageId: 42 }],
    ['https://t.me/forumchat/5/77', { by: 'username', username: 'forumchat', topicId: 5, messageId: 77 }],
    ['https://t.me/c/1234567/99', { by: 'id', id: 1234567, peer: 'channel', messageId: 99 }],
    ['t.me/c/1234567/3/99', { by: 'id', id: 1234567, peer: 'channel', topicId: 3, messageId: 99 }],
    ['-1001234567', { by: 'id', id: 1234567, peer: 'channel' }],
    ['-4567', { by: 'id', id: 4567, peer: 'chat' }],
    ['777', { by: 'id', id: 777 }],
    ['me', { by: 'self' }],
    ['Saved', { by: 'self' }],
  ])('%s', (raw, want) => {
    expect(parseTarget(raw)).toEqual(want)
  })

  it.each(['@a', 'https://t.me/joinchat/abc', 't.me/c/abc/1', 'https://example.com/x', 'two words', 't.me/x!y'])(
    'rejects %s with a clear error', (raw) => {
      expect(() => parseTarget(raw)).toThrow(TargetError)
    })
})
