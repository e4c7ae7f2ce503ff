// Every answer the handlers build must go through mtcute's writer: a missing field sharing a
// flag with a set one throws deep inside it, and the client then sees only INTERNAL errors.
import { TlBinaryWriter, __tlWriterMap } from '@mtcute/core/utils.js'
import Long from 'long'
import { describe, expect, it } from 'vitest'
import type { CallContext } from '../types.ts'
import { createWorld } from '../world/world.ts'
import type { SimChat } from '../world/types.ts'
import { createHandler, defaultKnobs } from './index.ts'

const ctx: CallContext = { dcId: 2, authKeyId: 'k', connectionId: 1, wrappers: [] }

function inputPeer(chat: SimChat, selfId: number): unknown {
  if (chat.kind === 'group') return { _: 'inputPeerChat', chatId: chat.id }
  if (chat.kind === 'channel' || chat.kind === 'supergroup' || chat.kind === 'forum') {
    return { _: 'inputPeerChannel', channelId: chat.id, accessHash: Long.fromString(chat.accessHash) }
  }
  return chat.id === selfId ? { _: 'inputPeerSelf' } : { _: 'inputPeerUser', userId: chat.id, accessHash: Long.fromString(chat.accessHash) }
}

describe('serialization of answers', () => {
  it('serializes every history page of a world, and the other answers', () => {
    const world = createWorld({ seed: 51, messages: 8000 })
    const handler = createHandler(world, defaultKnobs(), () => [{ id: 2, host: '127.0.0.1', port: 1 }])
    const kinds = new Set<string>()
    let pages = 0
    for (const chat of world.chats) {
      let offsetId = 0
      for (;;) {
        const res: any = handler({ _: 'messages.getHistory', peer: inputPeer(chat, world.self.id), offsetId, offsetDate: 0, addOffset: 0, limit: 100, maxId: 0, minId: 0, hash: Long.ZERO }, ctx)
        expect(TlBinaryWriter.serializeObject(__tlWriterMap, res).length).toBeGreaterThan(0)
        pages++
        if (!res.messages.length) break
        for (const m of res.messages) kinds.add(m.media?._ ?? m.action?._ ?? m._)
        offsetId = res.messages[res.messages.length - 1].id
      }
    }
    expect(pages).toBeGreaterThan(80)
    for (const k of ['messageMediaPhoto', 'messageMediaDocument', 'messageMediaPoll', 'messageMediaGeo', 'messageMediaVenue', 'messageMediaContact', 'messageMediaDice', 'messageMediaWebPage', 'messageActionPinMessage', 'messageActionTopicCreate', 'messageActionChannelCreate', 'messageActionChatCreate', 'messageActionPhoneCall', 'message']) {
      expect(kinds).toContain(k)
    }
    const forum = world.chats.find((c) => c.kind === 'forum')!
    const group = world.chats.find((c) => c.kind === 'group')!
    const others: { _: string; [k: string]: unknown }[] = [
      { _: 'help.getConfig' }, { _: 'help.getNearestDc' }, { _: 'updates.getState' },
      { _: 'users.getFullUser', id: { _: 'inputUserSelf' } },
      { _: 'contacts.resolveUsername', username: 'alice' },
      { _: 'messages.getDialogs', offsetDate: 0, offsetId: 0, offsetPeer: { _: 'inputPeerEmpty' }, limit: 100, hash: Long.ZERO },
      { _: 'messages.getPeerDialogs', peers: [{ _: 'inputDialogPeer', peer: { _: 'inputPeerSelf' } }] },
      { _: 'messages.getForumTopics', peer: inputPeer(forum, 0), offsetDate: 0, offsetId: 0, offsetTopic: 0, limit: 100 },
      { _: 'channels.getFullChannel', channel: { _: 'inputChannel', channelId: forum.id, accessHash: Long.fromString(forum.accessHash) } },
      { _: 'messages.getFullChat', chatId: group.id },
      { _: 'account.initTakeoutSession' },
      { _: 'auth.exportAuthorization', dcId: 4 },
    ]
    for (const req of others) {
      const res = handler(req, ctx) as { _: string }
      expect(TlBinaryWriter.serializeObject(__tlWriterMap, res).length, req._).toBeGreaterThan(0)
    }
  })
})
