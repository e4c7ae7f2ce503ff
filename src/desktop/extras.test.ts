// tobs' own fields in a Desktop export: what Desktop cannot say comes back exactly, only what it
// cannot say is written, and a malformed "tobs" key is an error that names the message.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Chat, Message } from '../model/types.ts'
import { writeDesktopAccount, writeDesktopExport } from './index.ts'
import { msg, readAll, singleChat, tempDir, writeExport } from './test-helpers.ts'

const ann = { id: 7, kind: 'user' as const, name: 'Ann', username: 'ann' }
const base = (id: number, extra: Partial<Message> = {}): Message => ({
  id, chatId: 42, date: 1_700_000_000 + id * 60, text: '', entities: [], sender: ann, ...extra,
})

/** Everything here is beyond Desktop's format. */
const RICH: Message[] = [
  base(1, { text: 'bold inside italic', entities: [{ type: 'italic', offset: 0, length: 18 }, { type: 'bold', offset: 0, length: 4 }], views: 120, forwards: 3, replies: 2 }),
  base(2, { groupedId: '777', pinned: true, silent: true, reactions: [{ emoji: '👍', count: 2, chosen: true }] }),
  base(3, { groupedId: '777', forward: { from: 'News', fromPeer: { id: 9, kind: 'channel', name: 'News' }, date: 1_600_000_000, messageId: 55 } }),
  base(4, { media: { type: 'webpage', url: 'https://e.x/', title: 'E', photo: { kind: 'photo', uniqueId: 'desktop:photos/w.jpg', name: 'w.jpg', ref: 'photos/w.jpg' } } }),
  base(5, { media: { type: 'dice', emoji: '🎲', value: 4 } }),
  base(6, { media: { type: 'story', storyId: 3, peerId: 9 }, replyTo: { messageId: 1, quote: { text: 'bold', entities: [] } } }),
  base(7, { media: { type: 'file', file: { kind: 'photo', uniqueId: 'desktop:photos/p.jpg', name: 'original name.jpg', ref: 'photos/p.jpg', mime: 'image/jpeg' } } }),
  base(8, { service: { type: 'chat_add_user', userIds: [8], users: ['Bob'] } }),
]

describe('lossless Desktop export ("tobs" extras)', () => {
  it('gives back every field of the model, chat included', async () => {
    const dir = tempDir()
    const chat: Chat = { id: 42, kind: 'supergroup', title: 'Rich', username: 'rich', messageCount: 8 }
    await writeDesktopExport(dir, chat, RICH)
    const [read] = await readAll(dir)
    expect(read!.chat).toEqual(chat)
    read!.messages.forEach((m, i) => expect(m).toEqual(RICH[i]))
  })

  it('writes only what the Desktop fields cannot say, and nothing with lossless: false', async () => {
    const dir = tempDir()
    const plain = base(9, { text: 'hi', sender: { id: 7, kind: 'user', name: 'Ann' } })
    await writeDesktopExport(dir, { id: 42, kind: 'supergroup', title: 'Rich' }, [RICH[0]!, plain])
    const raw = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as { tobs?: unknown; messages: Record<string, unknown>[] }
    expect(raw.tobs).toBeUndefined()
    expect(raw.messages[0]!.tobs).toEqual({
      set: { sender: ann, entities: RICH[0]!.entities, views: 120, forwards: 3, replies: 2 },
    })
    expect(raw.messages[1]!.tobs).toBeUndefined()

    const lossy = tempDir()
    await writeDesktopExport(lossy, { id: 42, kind: 'supergroup', title: 'Rich', username: 'rich' }, RICH, { lossless: false })
    expect(readFileSync(join(lossy, 'result.json'), 'utf8')).not.toContain('"tobs"')
  })

  it('writes many chats as a full-account export the reader walks chat by chat', async () => {
    const dir = tempDir()
    const forum: Chat = { id: 5, kind: 'forum', title: 'F', topics: [{ id: 1, title: 'General' }, { id: 2, title: 'Ideas', closed: true }] }
    const inForum: Message[] = [
      { ...base(1, { text: 'x' }), chatId: 5, topicId: 2 },
      { ...base(2, { text: 'y' }), chatId: 5, topicId: 1 },
    ]
    const written = await writeDesktopAccount(dir, [
      { chat: { id: 42, kind: 'supergroup', title: 'Rich' }, messages: RICH },
      { chat: forum, messages: inForum },
    ])
    expect(written).toBe(RICH.length + 2)
    const raw = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as { chats: { list: unknown[] } }
    expect(raw.chats.list).toHaveLength(2)
    const read = await readAll(dir)
    expect(read.map((c) => c.chat)).toEqual([{ id: 42, kind: 'supergroup', title: 'Rich' }, forum])
    expect(read[0]!.messages).toEqual(RICH)
    expect(read[1]!.messages).toEqual(inForum)
  })

  it('rejects a malformed "tobs" key, naming the message', async () => {
    const bad = writeExport(singleChat([msg(1), msg(2, { tobs: { set: { views: 'many' } } })]))
    await expect(readAll(bad)).rejects.toThrow(/message id 2, field "tobs": "views" should be a number, got string/)
    const notObject = writeExport(singleChat([msg(1, { tobs: [1] })]))
    await expect(readAll(notObject)).rejects.toThrow(/message id 1, field "tobs" should be an object, got array/)
  })

  it('ignores fields it does not know and never lets "tobs" change ids or prototypes', async () => {
    const dir = writeExport(singleChat([msg(1, { tobs: { set: { id: 99, chatId: 1, future: 1, sender: { id: 1, kind: 'user', name: 'X', ['__proto__']: { polluted: true } } }, unset: ['nothing'] } })]))
    const [m] = (await readAll(dir))[0]!.messages
    expect(m!.id).toBe(1)
    expect(m!.chatId).toBe(42)
    expect((m as unknown as Record<string, unknown>).future).toBeUndefined()
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.getPrototypeOf(m!.sender)).toBe(Object.prototype)
  })
})
