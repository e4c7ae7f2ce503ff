// The lean reader reads bytes by position: these are the constructors and arguments it assumes,
// checked against the schema of the mtcute installed. Another layer fails here, not in a vault.
import { describe, expect, it } from 'vitest'
import { EXPECTED_ARGS, ID } from './tl-ids.ts'
import { argsText, byName, constructorsOf } from './test-random-tl.ts'

const NAMES: Record<string, string> = {
  messagesMessages: 'messages.messages', messagesSlice: 'messages.messagesSlice',
  channelMessages: 'messages.channelMessages', messagesNotModified: 'messages.messagesNotModified',
}

describe('the constructors the lean reader knows', () => {
  it('have the ids and arguments of mtcute\'s schema', () => {
    for (const [key, id] of Object.entries(ID)) {
      if (key === 'vector') continue
      const entry = byName.get(NAMES[key] ?? key)
      expect(entry, key).toBeDefined()
      expect(entry!.id >>> 0, key).toBe(id >>> 0)
      const expected = EXPECTED_ARGS[key as keyof typeof ID] ?? 'offset:int length:int'
      expect(argsText(entry!), key).toBe(expected)
    }
  })

  it('are every constructor of the types it reads in place (anything else is a miss, read by mtcute)', () => {
    const known = new Set(Object.values(ID).map((id) => id >>> 0))
    for (const type of ['Peer', 'PhotoSize', 'MessageReplyHeader', 'MessageFwdHeader', 'MessageReplies', 'MessageReactions', 'ReactionCount']) {
      for (const e of constructorsOf(type)) expect(known.has(e.id >>> 0), `${type}: ${e.name}`).toBe(true)
    }
    expect(constructorsOf('Message').map((e) => e.name).sort()).toEqual(['message', 'messageEmpty', 'messageService'])
    expect(constructorsOf('messages.Messages').map((e) => e.name).sort())
      .toEqual(['messages.channelMessages', 'messages.messages', 'messages.messagesNotModified', 'messages.messagesSlice'])
  })
})
