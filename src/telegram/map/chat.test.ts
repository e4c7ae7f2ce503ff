import { describe, expect, it } from 'vitest'
import Long from 'long'
import type { tl } from '@mtcute/core'
import { mapChat, mapTopic } from './chat.ts'
import { stubTl } from './test-stub.ts'

describe('mapChat', () => {
  it('tells every chat kind apart', () => {
    expect(mapChat(stubTl('channel', { id: 1, title: 'C', broadcast: true })).kind).toBe('channel')
    expect(mapChat(stubTl('channel', { id: 2, title: 'S', megagroup: true })).kind).toBe('supergroup')
    expect(mapChat(stubTl('channel', { id: 3, title: 'F', megagroup: true, forum: true })).kind).toBe('forum')
    expect(mapChat(stubTl('channelForbidden', { id: 4, title: 'Gone', megagroup: true, accessHash: Long.ZERO })).kind).toBe('supergroup')
    expect(mapChat(stubTl('chat', { id: 5, title: 'G' })).kind).toBe('group')
    expect(mapChat(stubTl('chatForbidden', { id: 6, title: 'Old' })).kind).toBe('group')
    expect(mapChat(stubTl('user', { id: 7, firstName: 'A' })).kind).toBe('private')
    expect(mapChat(stubTl('user', { id: 8, firstName: 'B', bot: true })).kind).toBe('bot')
    expect(mapChat(stubTl('user', { id: 9, firstName: 'Me', self: true })).kind).toBe('saved')
    expect(mapChat(stubTl('user', { id: 10, firstName: 'Me' }), { selfId: 10 }).kind).toBe('saved')
  })

  it('names chats and users, and picks the username', () => {
    expect(mapChat(stubTl('user', { id: 7, firstName: 'Ada', lastName: 'Lovelace', username: 'ada' }), { count: 12 }))
      .toEqual({ id: 7, kind: 'private', title: 'Ada Lovelace', username: 'ada', messageCount: 12 })
    expect(mapChat(stubTl('user', { id: 8, deleted: true })).title).toBe('Deleted Account')
    const chan = stubTl<tl.RawChannel>('channel', {
      id: 1, title: 'News', broadcast: true,
      usernames: [stubTl('username', { username: 'old' }), stubTl('username', { username: 'news', active: true })],
    })
    expect(mapChat(chan)).toEqual({ id: 1, kind: 'channel', title: 'News', username: 'news' })
  })

  it('attaches topics', () => {
    const topics = [{ id: 1, title: 'General' }]
    expect(mapChat(stubTl('channel', { id: 3, title: 'F', megagroup: true, forum: true }), { topics }).topics).toBe(topics)
  })
})

describe('mapTopic', () => {
  it('maps topics, their custom emoji icon and closed flag; deleted topics are undefined', () => {
    expect(mapTopic(stubTl('forumTopic', { id: 50, title: 'Cats', closed: true, iconEmojiId: Long.fromString('5368324170671202286') })))
      .toEqual({ id: 50, title: 'Cats', closed: true, iconEmoji: 'custom:5368324170671202286' })
    expect(mapTopic(stubTl('forumTopic', { id: 1, title: 'General' }))).toEqual({ id: 1, title: 'General' })
    expect(mapTopic({ _: 'forumTopicDeleted', id: 3 })).toBeUndefined()
  })
})
