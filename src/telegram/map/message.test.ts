import { describe, expect, it } from 'vitest'
import Long from 'long'
import type { tl } from '@mtcute/core'
import { mapMessage } from './message.ts'
import { PeerIndex } from './peers.ts'
import { mediaByKind } from './test-fixtures.ts'
import { stubTl } from './test-stub.ts'

const peers = PeerIndex.from(
  [
    stubTl<tl.RawUser>('user', { id: 1, firstName: 'Ann' }),
    stubTl<tl.RawUser>('user', { id: 2, firstName: 'Me', self: true }),
    stubTl<tl.RawUser>('user', { id: 3, firstName: 'Helper', bot: true, username: 'helperbot' }),
  ],
  [
    stubTl<tl.RawChannel>('channel', { id: 100, title: 'News', broadcast: true, username: 'news' }),
    stubTl<tl.RawChannel>('channel', { id: 200, title: 'Forum', megagroup: true, forum: true }),
  ],
)
const inChannel: tl.TypePeer = { _: 'peerChannel', channelId: 100 }
const inForum: tl.TypePeer = { _: 'peerChannel', channelId: 200 }
const fromAnn: tl.TypePeer = { _: 'peerUser', userId: 1 }

const msg = (p: Partial<tl.RawMessage>): tl.RawMessage =>
  stubTl<tl.RawMessage>('message', { id: 10, date: 1700000000, peerId: inChannel, message: 'hi', ...p })
const service = (action: tl.TypeMessageAction, p: Partial<tl.RawMessageService> = {}): tl.RawMessageService =>
  stubTl<tl.RawMessageService>('messageService', { id: 11, date: 1700000001, peerId: inForum, fromId: fromAnn, action, ...p })

describe('mapMessage', () => {
  it('maps a plain text message, and messageEmpty to undefined', () => {
    expect(mapMessage(msg({ fromId: fromAnn }), peers, { chatId: 100 })).toEqual({
      id: 10, chatId: 100, date: 1700000000, text: 'hi', entities: [], sender: { id: 1, kind: 'user', name: 'Ann' },
    })
    expect(mapMessage({ _: 'messageEmpty', id: 3 }, peers, { chatId: 100 })).toBeUndefined()
  })

  it('credits channel posts to the channel, with the post author as signature', () => {
    const m = mapMessage(msg({ post: true, postAuthor: 'Editor', views: 5, forwards: 2 }), peers, { chatId: 100 })!
    expect(m.sender).toMatchObject({ id: 100, kind: 'channel', name: 'News' })
    expect(m).toMatchObject({ signature: 'Editor', views: 5, forwards: 2 })
  })

  it('credits own private messages to self, never to the other side', () => {
    const dm: tl.TypePeer = { _: 'peerUser', userId: 1 }
    expect(mapMessage(msg({ out: true, peerId: dm }), peers, { chatId: 1 })!.sender?.id).toBe(2)
    expect(mapMessage(msg({ peerId: dm }), peers, { chatId: 1 })!.sender?.id).toBe(1)
    expect(mapMessage(msg({ out: true, peerId: dm }), PeerIndex.from(), { chatId: 1 })!.sender).toBeUndefined()
  })

  it('honours edit_hide, and maps flags, album ids, replies and via-bot', () => {
    const m = mapMessage(msg({
      editDate: 1700000100, pinned: true, silent: true, groupedId: Long.fromString('1360000000000000001'),
      replies: stubTl('messageReplies', { replies: 4 }), viaBotId: 3,
    }), peers, { chatId: 100 })!
    expect(m).toMatchObject({ editDate: 1700000100, pinned: true, silent: true, groupedId: '1360000000000000001', replies: 4, viaBot: 'helperbot' })
    expect(mapMessage(msg({ editDate: 1700000100, editHide: true }), peers, { chatId: 100 })!.editDate).toBeUndefined()
  })

  it('maps replies with quotes, replies to other chats, and story replies', () => {
    const m = mapMessage(msg({
      replyTo: stubTl('messageReplyHeader', {
        replyToMsgId: 5, replyToPeerId: { _: 'peerChannel', channelId: 300 }, quote: true, quoteText: 'quoted 🙂',
        quoteEntities: [stubTl('messageEntityItalic', { offset: 0, length: 6 })],
      }),
    }), peers, { chatId: 100 })!
    expect(m.replyTo).toEqual({ messageId: 5, chatId: 300, quote: { text: 'quoted 🙂', entities: [{ type: 'italic', offset: 0, length: 6 }] } })
    const s = mapMessage(msg({ replyTo: { _: 'messageReplyStoryHeader', peer: fromAnn, storyId: 9 } }), peers, { chatId: 100 })!
    expect(s.replyTo).toEqual({ storyId: 9, chatId: 1 })
  })

  it('places forum messages in topics (General = 1) without faking replies', () => {
    const opts = { chatId: 200, forum: true }
    const header = (p: Partial<tl.RawMessageReplyHeader>) => stubTl<tl.RawMessageReplyHeader>('messageReplyHeader', p)
    const inTopic = mapMessage(msg({ peerId: inForum, replyTo: header({ forumTopic: true, replyToMsgId: 50 }) }), peers, opts)!
    expect(inTopic.topicId).toBe(50)
    expect(inTopic.replyTo).toBeUndefined()
    const replyInTopic = mapMessage(msg({ peerId: inForum, replyTo: header({ forumTopic: true, replyToMsgId: 60, replyToTopId: 50 }) }), peers, opts)!
    expect(replyInTopic).toMatchObject({ topicId: 50, replyTo: { messageId: 60 } })
    const general = mapMessage(msg({ peerId: inForum, replyTo: header({ replyToMsgId: 7 }) }), peers, opts)!
    expect(general).toMatchObject({ topicId: 1, replyTo: { messageId: 7 } })
    const created = mapMessage(service(stubTl('messageActionTopicCreate', { title: 'Cats', iconColor: 1 }), { id: 50 }), peers, opts)!
    expect(created.topicId).toBe(50)
    expect(created.service).toMatchObject({ type: 'topic_create', title: 'Cats' })
    expect(mapMessage(msg({}), peers, { chatId: 100 })!.topicId).toBeUndefined()
  })

  it('maps forwards from users, hidden users, channels and saved-from', () => {
    const fwd = (p: Partial<tl.RawMessageFwdHeader>) => mapMessage(msg({ fwdFrom: stubTl('messageFwdHeader', { date: 5, ...p }) }), peers, { chatId: 100 })!.forward
    expect(fwd({ fromId: fromAnn })).toEqual({ date: 5, from: 'Ann', fromPeer: { id: 1, kind: 'user', name: 'Ann' } })
    expect(fwd({ fromName: 'Hidden Person' })).toEqual({ date: 5, from: 'Hidden Person' })
    expect(fwd({ fromId: inChannel, channelPost: 77, postAuthor: 'Ed' })).toMatchObject({ from: 'News', messageId: 77, signature: 'Ed' })
    expect(fwd({ fromName: 'X', savedFromPeer: inChannel })?.savedFrom).toBe('News')
    expect(fwd({ fromName: 'X', savedFromName: 'Somebody' })?.savedFrom).toBe('Somebody')
  })

  it('maps reactions: emoji, custom emoji and paid', () => {
    const m = mapMessage(msg({
      reactions: stubTl('messageReactions', {
        results: [
          stubTl('reactionCount', { reaction: { _: 'reactionEmoji', emoticon: '👍' }, count: 3, chosenOrder: 0 }),
          stubTl('reactionCount', { reaction: { _: 'reactionCustomEmoji', documentId: Long.fromString('5368324170671202286') }, count: 1 }),
          stubTl('reactionCount', { reaction: { _: 'reactionPaid' }, count: 20 }),
          stubTl('reactionCount', { reaction: { _: 'reactionEmpty' }, count: 1 }),
        ],
      }),
    }), peers, { chatId: 100 })!
    expect(m.reactions).toEqual([
      { emoji: '👍', count: 3, chosen: true },
      { emoji: 'custom:5368324170671202286', count: 1 },
      { emoji: 'paid', count: 20 },
    ])
  })

  it('maps service messages, taking the pinned message id from the reply header', () => {
    const m = mapMessage(service({ _: 'messageActionPinMessage' }, {
      peerId: inChannel, replyTo: stubTl('messageReplyHeader', { replyToMsgId: 42 }),
    }), peers, { chatId: 100 })!
    expect(m).toMatchObject({ id: 11, text: '', entities: [], sender: { id: 1 }, service: { type: 'pin_message', messageId: 42 } })
  })

  it('round-trips through JSON for every media kind', () => {
    for (const [kind, media] of Object.entries(mediaByKind)) {
      const m = mapMessage(msg({ fromId: fromAnn, media, entities: [stubTl('messageEntityBold', { offset: 0, length: 2 })] }), peers, { chatId: 100 })!
      expect(m.media, kind).toBeDefined()
      expect(JSON.parse(JSON.stringify(m)), kind).toStrictEqual(m)
    }
  })
})
