// The reader on small hand-made exports: account exports, ids, text, media, polls, services, topics.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDesktopExport } from './index.ts'
import { msg, readAll, readOne, singleChat, writeExport } from './test-helpers.ts'

describe('export layouts', () => {
  it('reads a full-account export: chats.list, left_chats.list, saved messages; skips the rest', async () => {
    const dir = writeExport({
      about: 'Here is the data you requested.',
      personal_information: { user_id: 7, first_name: 'Ann', messages: [msg(999)] },
      contacts: { about: '...', list: [{ first_name: 'Bob', phone_number: '+1', date: '2020-01-01T00:00:00' }] },
      frequent_contacts: { about: '...', list: [{ id: 5, category: 'people', type: 'user', name: 'Bob', rating: 1 }] },
      chats: {
        about: '...',
        list: [
          { name: 'Bob', type: 'personal_chat', id: 5, messages: [msg(1, { text: 'hi' }), msg(2, { text: 'yo' })] },
          { type: 'saved_messages', id: 7, messages: [msg(10, { text: 'note', saved_from: 'News', forwarded_from: 'News' })] },
          { name: 'Helper', type: 'bot_chat', id: 8, messages: [] },
          { name: 'Friends', type: 'private_group', id: 9, messages: [msg(3)] },
          { name: 'Talk', type: 'public_supergroup', id: 11, messages: [msg(4)] },
          { name: 'Feed', type: 'private_channel', id: 12, messages: [msg(5)] },
        ],
      },
      left_chats: { about: '...', list: [{ name: 'Old', type: 'public_channel', id: 2 ** 33 + 1000, messages: [msg(6)] }] },
      other_data: { about: '...', changes_log: [{ x: 1 }] },
    })
    const chats = await readAll(dir)
    expect(chats.map((c) => c.chat)).toEqual([
      { id: 5, kind: 'private', title: 'Bob' },
      { id: 7, kind: 'saved', title: 'Saved Messages' },
      { id: 8, kind: 'bot', title: 'Helper' },
      { id: 9, kind: 'group', title: 'Friends' },
      { id: 11, kind: 'supergroup', title: 'Talk' },
      { id: 12, kind: 'channel', title: 'Feed' },
      { id: 1000, kind: 'channel', title: 'Old' },
    ])
    expect(chats.map((c) => c.messages.map((m) => m.id))).toEqual([[1, 2], [10], [], [3], [4], [5], [6]])
    expect(chats[0]!.messages[1]!.chatId).toBe(5)
    expect(chats[1]!.messages[0]!.forward).toEqual({ from: 'News', savedFrom: 'News', date: 0 })
  })

  it('lets a consumer skip a chat without reading its messages', async () => {
    const dir = writeExport({ chats: { list: [
      { name: 'A', type: 'personal_chat', id: 1, messages: [msg(1), msg(2), msg(3)] },
      { name: 'B', type: 'personal_chat', id: 2, messages: [msg(7)] },
    ] } })
    const exp = await openDesktopExport(dir)
    const seen: number[] = []
    for await (const c of exp.chats()) {
      if (c.chat.id === 1) continue
      for await (const m of c.messages) seen.push(m.id)
    }
    expect(seen).toEqual([7])
  })

  it('accepts the JSON file itself as well as its folder, and gives the media root', async () => {
    const dir = writeExport(singleChat([msg(1)]))
    const exp = await openDesktopExport(join(dir, 'result.json'))
    expect(exp.mediaRoot).toBe(dir)
    expect(exp.file).toBe(join(dir, 'result.json'))
  })
})

describe('peers and ids', () => {
  it('parses "user123"/"channel123"/"chat123", bare numbers, 2^33-tagged ids and deleted accounts', async () => {
    const dir = writeExport(singleChat([
      msg(1, { from: 'U', from_id: 'user123' }),
      msg(2, { from: 'C', from_id: 'channel456' }),
      msg(3, { from: 'G', from_id: 'chat789' }),
      msg(4, { from: 'Old', from_id: 55 }),
      msg(5, { from: 'Tagged', from_id: 2 ** 33 + 1234 }),
      msg(6, { from: null, from_id: 'user9' }),
      msg(7, { reply_to_message_id: 3, reply_to_peer_id: 'channel77' }),
      { id: 8, type: 'service', date: '2024-01-01T00:00:00', date_unixtime: '1704067200', actor: null, actor_id: 'user10', action: 'invite_members', members: ['Zed', null], text: '' },
    ]))
    const messages = await readOne(dir)
    expect(messages.map((m) => m.sender)).toEqual([
      { id: 123, kind: 'user', name: 'U' },
      { id: 456, kind: 'channel', name: 'C' },
      { id: 789, kind: 'chat', name: 'G' },
      { id: 55, kind: 'user', name: 'Old' },
      { id: 1234, kind: 'channel', name: 'Tagged' },
      { id: 9, kind: 'user', name: 'Deleted Account' },
      { id: 7, kind: 'user', name: 'Ann' },
      { id: 10, kind: 'user', name: 'Deleted Account' },
    ])
    expect(messages[6]!.replyTo).toEqual({ messageId: 3, chatId: 77 })
    expect(messages[7]!.service).toEqual({ type: 'chat_add_user', users: ['Zed', 'Deleted Account'] })
  })
})

describe('text', () => {
  it('counts offsets in UTF-16 code units across emoji and maps every entity type', async () => {
    const parts = [
      { type: 'plain', text: '👍🏽 hi ' },
      { type: 'bold', text: 'B' },
      { type: 'italic', text: 'I' },
      { type: 'underline', text: 'U' },
      { type: 'strikethrough', text: 'S' },
      { type: 'spoiler', text: 'P' },
      { type: 'code', text: 'c' },
      { type: 'pre', text: 'x=1', language: 'python' },
      { type: 'text_link', text: 'here', href: 'https://e.x/' },
      { type: 'link', text: 'e.x' },
      { type: 'email', text: 'a@e.x' },
      { type: 'phone', text: '+123' },
      { type: 'mention', text: '@ann' },
      { type: 'mention_name', text: 'Ann', user_id: 7 },
      { type: 'hashtag', text: '#t' },
      { type: 'cashtag', text: '$T' },
      { type: 'bot_command', text: '/go' },
      { type: 'bank_card', text: '4242' },
      { type: 'custom_emoji', text: '🔥', document_id: '5368324170671202286' },
      { type: 'blockquote', text: 'q', collapsed: true },
      { type: 'blockquote', text: 'r' },
      { type: 'something_new', text: 'n' },
    ]
    const dir = writeExport(singleChat([msg(1, { text: 'ignored when text_entities exist', text_entities: parts })]))
    const [m] = await readOne(dir)
    expect(m!.text).toBe(parts.map((p) => p.text).join(''))
    expect(m!.entities[0]).toEqual({ type: 'bold', offset: 8, length: 1 })
    expect(m!.entities.map((e) => e.type)).toEqual([
      'bold', 'italic', 'underline', 'strike', 'spoiler', 'code', 'pre', 'text_link', 'url', 'email', 'phone',
      'mention', 'mention_name', 'hashtag', 'cashtag', 'bot_command', 'bank_card', 'custom_emoji', 'blockquote', 'blockquote', 'unknown',
    ])
    const find = (type: string) => m!.entities.find((e) => e.type === type)!
    expect(find('pre')).toMatchObject({ language: 'python', length: 3 })
    expect(find('text_link').url).toBe('https://e.x/')
    expect(find('mention_name').userId).toBe(7)
    expect(find('custom_emoji')).toMatchObject({ documentId: '5368324170671202286', length: 2 })
    expect(m!.entities.filter((e) => e.type === 'blockquote').map((e) => e.collapsed)).toEqual([true, undefined])
    const styled = parts.filter((p) => p.type !== 'plain')
    m!.entities.forEach((e, i) => expect(m!.text.slice(e.offset, e.offset + e.length)).toBe(styled[i]!.text))
  })

  it('reads the old mixed-array text without text_entities', async () => {
    const dir = writeExport(singleChat([msg(1, { text: ['a 😀 ', { type: 'bold', text: 'b' }, ' c'], text_entities: undefined })]))
    const [m] = await readOne(dir)
    expect(m).toMatchObject({ text: 'a 😀 b c', entities: [{ type: 'bold', offset: 5, length: 1 }] })
  })
})

describe('media', () => {
  const NOT_INCLUDED = '(File not included. Change data exporting settings to download.)'
  const TOO_BIG = '(File exceeds maximum size. Change data exporting settings to download.)'

  it('maps every media_type, photos, generic files, spoilers and skipped files', async () => {
    const dir = writeExport(singleChat([
      msg(1, { file: 'stickers/s.webp', media_type: 'sticker', sticker_emoji: '😀', width: 512, height: 512 }),
      msg(2, { file: 'voice_messages/v.ogg', media_type: 'voice_message', mime_type: 'audio/ogg', duration_seconds: 3, file_size: 999 }),
      msg(3, { file: 'round_video_messages/r.mp4', media_type: 'video_message', mime_type: 'video/mp4', duration_seconds: 4, width: 240, height: 240 }),
      msg(4, { file: 'video_files/v.mp4', file_name: 'clip.mp4', media_type: 'video_file', mime_type: 'video/mp4', duration_seconds: 5, width: 1920, height: 1080 }),
      msg(5, { file: 'video_files/a.mp4', media_type: 'animation', mime_type: 'video/mp4' }),
      msg(6, { file: 'files/song.mp3', media_type: 'audio_file', performer: 'Band', title: 'Song', mime_type: 'audio/mpeg', duration_seconds: 200 }),
      msg(7, { file: 'files/doc.pdf', file_name: 'doc.pdf', mime_type: 'application/pdf' }),
      msg(8, { photo: 'photos/p.jpg', photo_file_size: 1234, width: 10, height: 20, media_spoiler: true, self_destruct_period_seconds: 30 }),
      msg(9, { file: NOT_INCLUDED, file_name: 'big.iso', mime_type: 'application/x-iso9660-image' }),
      msg(10, { photo: TOO_BIG }),
      msg(11, { file: '../../etc/passwd' }),
    ]))
    const messages = await readOne(dir)
    const files = messages.map((m) => (m.media?.type === 'file' ? m.media.file : undefined))
    expect(files.map((f) => f?.kind)).toEqual(['sticker', 'voice', 'video_note', 'video', 'animation', 'audio', 'file', 'photo', 'file', 'photo', 'file'])
    expect(files[0]).toEqual({ kind: 'sticker', uniqueId: 'desktop:stickers/s.webp', name: 's.webp', ref: 'stickers/s.webp', width: 512, height: 512, emoji: '😀' })
    expect(files[1]).toMatchObject({ mime: 'audio/ogg', duration: 3, size: 999 })
    expect(files[3]).toMatchObject({ name: 'clip.mp4', ref: 'video_files/v.mp4', width: 1920, height: 1080, duration: 5 })
    expect(files[5]).toMatchObject({ performer: 'Band', title: 'Song', duration: 200 })
    expect(files[6]).toEqual({ kind: 'file', uniqueId: 'desktop:files/doc.pdf', name: 'doc.pdf', ref: 'files/doc.pdf', mime: 'application/pdf' })
    expect(messages[7]!.media).toEqual({
      type: 'file', spoiler: true, ttlSeconds: 30,
      file: { kind: 'photo', uniqueId: 'desktop:photos/p.jpg', name: 'p.jpg', ref: 'photos/p.jpg', width: 10, height: 20, size: 1234 },
    })
    expect(files[8]).toEqual({ kind: 'file', uniqueId: 'desktop:unavailable:42/9', name: 'big.iso', mime: 'application/x-iso9660-image', unavailable: NOT_INCLUDED })
    expect(files[9]).toMatchObject({ kind: 'photo', unavailable: TOO_BIG })
    expect(files[9]!.ref).toBeUndefined()
    expect(files[10]!.ref).toBeUndefined()
    expect(files[10]!.unavailable).toContain('Unsafe file path')
  })

  it('reads a media_type or a text part type named like a member of Object as unknown', async () => {
    const dir = writeExport(singleChat([
      msg(1, { file: 'files/a.bin', media_type: 'constructor' }),
      msg(2, { text: [{ type: 'toString', text: 'y' }], text_entities: [{ type: 'toString', text: 'y' }] }),
    ]))
    const [a, b] = await readOne(dir)
    expect(a!.media).toMatchObject({ type: 'file', file: { kind: 'file', name: 'a.bin' } })
    expect(b!.entities).toEqual([{ type: 'unknown', offset: 0, length: 1 }])
  })

  it('maps polls, quizzes, contacts, locations, venues, live locations, games, invoices and reactions', async () => {
    const dir = writeExport(singleChat([
      msg(1, { poll: { question: 'Best?', closed: true, total_voters: 3, answers: [{ text: 'A', voters: 2, chosen: true }, { text: 'B', voters: 1, chosen: false }] } }),
      msg(2, { poll: { question: 'Quiz?', quiz: true, closed: false, total_voters: 1, answers: [{ text: 'Yes', voters: 1, chosen: false, correct: true }] } }),
      msg(3, { contact_information: { first_name: 'Bob', last_name: '', phone_number: '+1 555' } }),
      msg(4, { location_information: { latitude: 52.5, longitude: 13.4 } }),
      msg(5, { place_name: 'Cafe', address: 'Main St 1', location_information: { latitude: 1, longitude: 2 } }),
      msg(6, { location_information: { latitude: 3, longitude: 4 }, live_location_period_seconds: 900 }),
      msg(7, { game_title: 'Lumber', game_description: 'Chop', game_link: 'https://t.me/gamebot?game=lumber' }),
      msg(8, { invoice_information: { title: 'T', description: 'D', amount: 500, currency: 'EUR' } }),
      msg(9, { text: 'liked', reactions: [{ type: 'emoji', count: 2, emoji: '👍' }, { type: 'custom_emoji', count: 1, document_id: '123' }, { type: 'paid', count: 5 }] }),
    ]))
    const messages = await readOne(dir)
    expect(messages.map((m) => m.media)).toEqual([
      { type: 'poll', question: { text: 'Best?', entities: [] }, totalVoters: 3, closed: true, answers: [
        { text: { text: 'A', entities: [] }, voters: 2, chosen: true },
        { text: { text: 'B', entities: [] }, voters: 1 },
      ] },
      { type: 'poll', question: { text: 'Quiz?', entities: [] }, totalVoters: 1, closed: false, quiz: true, answers: [
        { text: { text: 'Yes', entities: [] }, voters: 1, correct: true },
      ] },
      { type: 'contact', firstName: 'Bob', phone: '+1 555' },
      { type: 'geo', lat: 52.5, long: 13.4 },
      { type: 'venue', lat: 1, long: 2, title: 'Cafe', address: 'Main St 1' },
      { type: 'geo_live', lat: 3, long: 4, period: 900 },
      { type: 'game', title: 'Lumber', description: 'Chop', shortName: 'lumber' },
      { type: 'invoice', title: 'T', description: 'D', currency: 'EUR', totalAmount: 500 },
      undefined,
    ])
    expect(messages[8]!.reactions).toEqual([{ emoji: '👍', count: 2 }, { emoji: 'custom:123', count: 1 }, { emoji: 'paid', count: 5 }])
  })

  it('maps forwards, signatures and via-bot', async () => {
    const dir = writeExport(singleChat([
      msg(1, { forwarded_from: 'Chan', forwarded_from_id: 'channel5', author: 'Editor', via_bot: '@gif' }),
      msg(2, { forwarded_from: null }),
    ]))
    const messages = await readOne(dir)
    expect(messages[0]).toMatchObject({
      signature: 'Editor', viaBot: 'gif',
      forward: { from: 'Chan', fromPeer: { id: 5, kind: 'channel', name: 'Chan' }, date: 0 },
    })
    expect(messages[1]!.forward).toEqual({ from: 'Deleted Account', date: 0 })
  })
})

describe('service messages', () => {
  const svc = (id: number, extra: object) => ({ id, type: 'service', date: '2024-01-01T00:00:00', date_unixtime: String(1704067200 + id), actor: 'Ann', actor_id: 'user7', text: '', ...extra })

  it('maps Desktop actions onto the live export convention and keeps unknown ones as placeholders', async () => {
    const dir = writeExport(singleChat([
      svc(1, { action: 'create_group', title: 'G', members: ['Bob'] }),
      svc(2, { action: 'pin_message', message_id: 1 }),
      svc(3, { action: 'phone_call', duration_seconds: 61, discard_reason: 'hangup' }),
      svc(4, { action: 'edit_group_title', title: 'New' }),
      svc(5, { action: 'migrate_from_group', title: 'Old group' }),
      svc(6, { action: 'join_group_by_link', inviter: 'Bob' }),
      svc(7, { action: 'clear_history' }),
      svc(8, { action: 'allow_sending_messages', reason_domain: 'example.com' }),
      svc(9, { action: 'joined_telegram' }),
      svc(10, { action: 'boost_apply', boosts: 2 }),
      svc(11, { action: 'proximity_reached', from: 'Ann', from_id: 'user7', to: 'Bob', to_id: 'user8', distance: 50 }),
      svc(12, { information_text: 'Bot did something' }),
      svc(13, { action: 'teleport_user', destination: 'Mars' }),
      svc(14, { action: 'set_same_chat_wallpaper', message_id: 3 }),
      svc(15, { action: 'score_in_game', game_message_id: 2, score: 99 }),
    ]))
    const messages = await readOne(dir)
    expect(messages.map((m) => m.service)).toEqual([
      { type: 'chat_create', title: 'G', users: ['Bob'] },
      { type: 'pin_message', messageId: 1 },
      { type: 'phone_call', values: { duration: 61, reason: 'hangup' } },
      { type: 'chat_edit_title', title: 'New' },
      { type: 'channel_migrate_from', title: 'Old group' },
      { type: 'chat_joined_by_link', values: { inviterName: 'Bob' } },
      { type: 'history_clear' },
      { type: 'bot_allowed', values: { domain: 'example.com' } },
      { type: 'contact_sign_up' },
      { type: 'boost_apply', values: { boosts: 2 } },
      { type: 'geo_proximity_reached', values: { fromName: 'Ann', fromId: 7, toName: 'Bob', toId: 8, distance: 50 } },
      { type: 'custom_action', values: { message: 'Bot did something' } },
      { type: 'custom_action', values: { message: 'Unknown service action: teleport_user' } },
      { type: 'set_chat_wall_paper', messageId: 3, values: { same: true } },
      { type: 'game_score', messageId: 2, values: { score: 99 } },
    ])
    expect(messages[0]!.sender).toEqual({ id: 7, kind: 'user', name: 'Ann' })
  })

  it('turns an unknown message type into a placeholder message', async () => {
    const dir = writeExport(singleChat([msg(1), { id: 2, type: 'unsupported' }, msg(3)]))
    const messages = await readOne(dir)
    expect(messages.map((m) => m.id)).toEqual([1, 2, 3])
    expect(messages[1]!.text).toContain('did not export this message')
    expect(messages[1]!.date).toBe(messages[0]!.date)
    expect(messages[1]!.media).toEqual({ type: 'unsupported', what: 'Desktop export message type "unsupported"' })
  })
})

describe('forum topics', () => {
  it('infers topics from topic_created and reply chains; General is 1', async () => {
    const svc = (id: number, title: string) => ({ id, type: 'service', date: '2024-01-01T00:00:00', actor: 'Ann', actor_id: 'user7', action: 'topic_created', title, text: '' })
    const dir = writeExport(singleChat([
      msg(1, { text: 'general chatter' }),
      svc(2, 'Ideas'),
      msg(3, { reply_to_message_id: 2, text: 'in Ideas' }),
      msg(4, { reply_to_message_id: 3, text: 'reply in Ideas' }),
      svc(5, 'Bugs'),
      msg(6, { reply_to_message_id: 5 }),
      msg(7, { reply_to_message_id: 1, text: 'reply in General' }),
      msg(8),
    ], { name: 'Forum', type: 'public_supergroup', id: 77 }))
    const [{ chat, messages }] = await readAll(dir)
    expect(chat).toEqual({
      id: 77, kind: 'forum', title: 'Forum',
      topics: [{ id: 1, title: 'General' }, { id: 2, title: 'Ideas' }, { id: 5, title: 'Bugs' }],
    })
    expect(messages.map((m) => [m.id, m.topicId, m.replyTo?.messageId])).toEqual([
      [1, 1, undefined], [2, 2, undefined], [3, 2, undefined], [4, 2, 3], [5, 5, undefined], [6, 5, undefined], [7, 1, 1], [8, 1, undefined],
    ])
  })
})
