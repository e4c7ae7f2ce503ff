// SimMessage -> TL Message, built as plain objects with only the fields set (the serializer
// skips absent optional fields), because history pages are the hot path of every benchmark.
import Long from 'long'
import type { Entity } from '../../model/types.ts'
import type { SimAction, SimChat, SimFile, SimMedia, SimMessage, World } from '../world/types.ts'
import { tlPeerOf, type PeerSet } from './peers.ts'

const ENTITY_TL: Record<string, string> = {
  bold: 'messageEntityBold', italic: 'messageEntityItalic', underline: 'messageEntityUnderline',
  strike: 'messageEntityStrike', spoiler: 'messageEntitySpoiler', code: 'messageEntityCode',
  pre: 'messageEntityPre', text_link: 'messageEntityTextUrl', url: 'messageEntityUrl',
  email: 'messageEntityEmail', phone: 'messageEntityPhone', mention: 'messageEntityMention',
  mention_name: 'messageEntityMentionName', hashtag: 'messageEntityHashtag', cashtag: 'messageEntityCashtag',
  bot_command: 'messageEntityBotCommand', bank_card: 'messageEntityBankCard',
  custom_emoji: 'messageEntityCustomEmoji', blockquote: 'messageEntityBlockquote',
}

export function tlEntity(e: Entity): unknown {
  const o: Record<string, unknown> = { _: ENTITY_TL[e.type] ?? 'messageEntityUnknown', offset: e.offset, length: e.length }
  if (e.type === 'pre') o.language = e.language ?? ''
  if (e.type === 'text_link') o.url = e.url ?? ''
  if (e.type === 'mention_name') o.userId = e.userId ?? 0
  if (e.type === 'custom_emoji') o.documentId = Long.fromString(e.documentId ?? '0')
  if (e.type === 'blockquote' && e.collapsed) o.collapsed = true
  return o
}

/** file_reference bytes: 'R', the world's generation of the file (LE u32), then 3 id bytes. */
export function fileReference(world: World, fileId: string): Uint8Array {
  const gen = world.fileGeneration(fileId)
  const id = Number(fileId) % 0x1000000
  return new Uint8Array([0x52, gen & 0xff, (gen >>> 8) & 0xff, (gen >>> 16) & 0xff, (gen >>> 24) & 0xff, id & 0xff, (id >>> 8) & 0xff, (id >>> 16) & 0xff])
}

/** Generation a client's file_reference carries, or -1 when it is not one of ours. */
export function referenceGeneration(ref: unknown): number {
  if (!(ref instanceof Uint8Array) || ref.length !== 8 || ref[0] !== 0x52) return -1
  return (ref[1]! | (ref[2]! << 8) | (ref[3]! << 16) | (ref[4]! << 24)) >>> 0
}

function tlPhoto(world: World, f: SimFile): unknown {
  return {
    _: 'photo', id: Long.fromString(f.fileId), accessHash: Long.fromString(f.accessHash),
    fileReference: fileReference(world, f.fileId), date: f.date, dcId: f.dcId,
    sizes: [{ _: 'photoSize', type: 'y', w: f.width ?? 800, h: f.height ?? 600, size: f.size }],
  }
}

function tlDocument(world: World, f: SimFile): unknown {
  const attributes: unknown[] = []
  if (f.kind === 'video' || f.kind === 'video_note' || f.kind === 'animation') {
    attributes.push({ _: 'documentAttributeVideo', duration: f.duration ?? 1, w: f.width ?? 0, h: f.height ?? 0, roundMessage: f.kind === 'video_note', supportsStreaming: true })
  }
  if (f.kind === 'animation') attributes.push({ _: 'documentAttributeAnimated' })
  if (f.kind === 'voice' || f.kind === 'audio') {
    attributes.push({ _: 'documentAttributeAudio', voice: f.kind === 'voice', duration: f.duration ?? 1, title: f.title, performer: f.performer })
  }
  if (f.kind === 'sticker') {
    attributes.push({ _: 'documentAttributeImageSize', w: f.width ?? 512, h: f.height ?? 512 })
    attributes.push({ _: 'documentAttributeSticker', alt: f.emoji ?? '', stickerset: { _: 'inputStickerSetEmpty' } })
  }
  if (f.name) attributes.push({ _: 'documentAttributeFilename', fileName: f.name })
  return {
    _: 'document', id: Long.fromString(f.fileId), accessHash: Long.fromString(f.accessHash),
    fileReference: fileReference(world, f.fileId), date: f.date, mimeType: f.mime, size: f.size, dcId: f.dcId, attributes,
  }
}

function tlMedia(world: World, media: SimMedia, peers: PeerSet): unknown {
  switch (media.type) {
    case 'file': {
      const f = world.file(media.fileId)!
      if (f.photo) return { _: 'messageMediaPhoto', photo: tlPhoto(world, f), spoiler: media.spoiler === true }
      return { _: 'messageMediaDocument', document: tlDocument(world, f), voice: f.kind === 'voice', round: f.kind === 'video_note', video: f.kind === 'video' }
    }
    case 'poll': {
      const option = (i: number) => new Uint8Array([0x30 + i])
      return {
        _: 'messageMediaPoll',
        poll: {
          _: 'poll', id: Long.fromString(media.pollId), closed: media.closed, quiz: media.quiz, hash: Long.ZERO,
          question: { _: 'textWithEntities', text: media.question, entities: [] },
          answers: media.answers.map((a, i) => ({ _: 'pollAnswer', text: { _: 'textWithEntities', text: a.text, entities: [] }, option: option(i) })),
        },
        results: {
          _: 'pollResults', totalVoters: media.totalVoters, solution: media.solution, solutionEntities: media.solution ? [] : undefined,
          results: media.answers.map((a, i) => ({ _: 'pollAnswerVoters', option: option(i), voters: a.voters, recentVoters: [], correct: a.correct === true })),
        },
      }
    }
    case 'geo':
      return { _: 'messageMediaGeo', geo: { _: 'geoPoint', lat: media.lat, long: media.long, accessHash: Long.ZERO } }
    case 'venue':
      return { _: 'messageMediaVenue', geo: { _: 'geoPoint', lat: media.lat, long: media.long, accessHash: Long.ZERO }, title: media.title, address: media.address, provider: media.provider, venueId: media.venueId, venueType: '' }
    case 'contact':
      if (media.userId) peers.user(media.userId)
      return { _: 'messageMediaContact', phoneNumber: media.phone, firstName: media.firstName, lastName: media.lastName, vcard: '', userId: media.userId }
    case 'dice':
      return { _: 'messageMediaDice', value: media.value, emoticon: media.emoji }
    case 'webpage': {
      const photo = media.photoFileId ? world.file(media.photoFileId) : undefined
      return {
        _: 'messageMediaWebPage',
        webpage: {
          _: 'webPage', id: Long.fromString(media.webpageId), url: media.url, displayUrl: media.url.replace(/^https?:\/\//, ''),
          hash: 0, type: photo ? 'photo' : 'article', siteName: media.siteName, title: media.title, description: media.description,
          photo: photo ? tlPhoto(world, photo) : undefined,
        },
      }
    }
  }
}

function tlAction(a: SimAction, peers: PeerSet): unknown {
  for (const id of a.userIds ?? []) peers.user(id)
  switch (a.type) {
    case 'chat_create': return { _: 'messageActionChatCreate', title: a.title ?? '', users: a.userIds ?? [] }
    case 'channel_create': return { _: 'messageActionChannelCreate', title: a.title ?? '' }
    case 'chat_add_user': return { _: 'messageActionChatAddUser', users: a.userIds ?? [] }
    case 'chat_delete_user': return { _: 'messageActionChatDeleteUser', userId: a.userIds?.[0] ?? 0 }
    case 'pin_message': return { _: 'messageActionPinMessage' }
    case 'chat_edit_title': return { _: 'messageActionChatEditTitle', title: a.title ?? '' }
    case 'topic_create': return { _: 'messageActionTopicCreate', title: a.title ?? '', iconColor: a.iconColor ?? 0 }
    case 'game_score': return { _: 'messageActionGameScore', gameId: Long.fromString(a.gameId ?? '0'), score: a.score ?? 0 }
    case 'phone_call': return { _: 'messageActionPhoneCall', callId: Long.fromString(a.callId ?? '0'), duration: a.duration, video: a.video === true, reason: { _: 'phoneCallDiscardReasonHangup' } }
  }
}

function tlReplyTo(m: SimMessage): unknown {
  const r = m.replyTo!
  const o: Record<string, unknown> = { _: 'messageReplyHeader', replyToMsgId: r.messageId }
  if (r.forumTopic) o.forumTopic = true
  if (r.topId !== undefined) o.replyToTopId = r.topId
  if (r.quote) {
    o.quote = true
    o.quoteText = r.quote.text
    o.quoteOffset = r.quote.offset
  }
  return o
}

/** messageReplies of a channel post: the thread's size and newest id in the linked group. */
function tlReplies(world: World, chat: SimChat, m: SimMessage, group: SimChat): unknown {
  const ids = world.comments(chat.id, m.id)
  const o: Record<string, unknown> = { _: 'messageReplies', comments: true, replies: ids.length, repliesPts: ids.length, channelId: group.id }
  if (ids.length) o.maxId = ids[ids.length - 1]
  return o
}

/** One TL message; registers every peer it references in `peers`. */
export function tlMessage(world: World, chat: SimChat, m: SimMessage, peers: PeerSet): unknown {
  const post = chat.kind === 'channel'
  const o: Record<string, unknown> = { _: m.service ? 'messageService' : 'message', id: m.id, peerId: tlPeerOf(chat), date: m.date }
  if (m.out) o.out = true
  if (post) o.post = true
  if (m.senderId !== undefined) {
    o.fromId = { _: 'peerUser', userId: m.senderId }
    peers.user(m.senderId)
  }
  if (m.replyTo) o.replyTo = tlReplyTo(m)
  if (m.service) {
    o.action = tlAction(m.service, peers)
    return o
  }
  o.message = m.text
  if (m.entities.length) o.entities = m.entities.map(tlEntity)
  if (m.media) o.media = tlMedia(world, m.media, peers)
  if (m.forward) {
    const f = m.forward
    const h: Record<string, unknown> = { _: 'messageFwdHeader', date: f.date }
    if (f.fromUserId) {
      h.fromId = { _: 'peerUser', userId: f.fromUserId }
      peers.user(f.fromUserId)
    } else if (f.fromChannelId) {
      h.fromId = { _: 'peerChannel', channelId: f.fromChannelId }
      h.channelPost = f.channelPost
      if (f.postAuthor) h.postAuthor = f.postAuthor
      peers.chat(f.fromChannelId)
    } else {
      h.fromName = f.fromName
    }
    o.fwdFrom = h
  }
  if (m.viaBotId) {
    o.viaBotId = m.viaBotId
    peers.user(m.viaBotId)
  }
  if (m.groupedId) o.groupedId = Long.fromString(m.groupedId)
  if (m.views !== undefined || m.forwards !== undefined) {
    o.views = m.views ?? 0
    o.forwards = m.forwards ?? 0
  }
  if (m.postAuthor) o.postAuthor = m.postAuthor
  if (post) {
    const group = world.linkedChat(chat.id)
    if (group) o.replies = tlReplies(world, chat, m, group)
  }
  if (m.editDate) o.editDate = m.editDate
  if (m.reactions) {
    o.reactions = { _: 'messageReactions', results: m.reactions.map((r) => ({ _: 'reactionCount', reaction: { _: 'reactionEmoji', emoticon: r.emoji }, count: r.count })) }
  }
  return o
}
