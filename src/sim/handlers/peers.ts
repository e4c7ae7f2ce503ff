// World users and chats as TL objects, and input peers (with access hashes) back to world chats.
import Long from 'long'
import { tlStub } from '../tl-schema.ts'
import { RpcError, type TlRequest } from '../types.ts'
import type { SimChat, SimUser, World } from '../world/types.ts'

const CHANNEL_KINDS = new Set(['channel', 'supergroup', 'forum'])

export function isChannel(chat: SimChat): boolean {
  return CHANNEL_KINDS.has(chat.kind)
}

export function tlUser(u: SimUser): unknown {
  return tlStub('user', {
    id: u.id, accessHash: Long.fromString(u.accessHash), firstName: u.firstName, lastName: u.lastName,
    username: u.username, phone: u.phone, self: u.self === true, bot: u.bot === true,
    botInfoVersion: u.bot ? 1 : undefined, contact: !u.bot && !u.self,
  })
}

export function tlChat(chat: SimChat): unknown {
  const participantsCount = Math.max(1, chat.memberIds.length + 1)
  if (chat.kind === 'group') {
    return tlStub('chat', { id: chat.id, title: chat.title, photo: tlStub('chatPhotoEmpty'), participantsCount, date: chat.created, version: 1, creator: true })
  }
  return tlStub('channel', {
    id: chat.id, accessHash: Long.fromString(chat.accessHash), title: chat.title, username: chat.username,
    photo: tlStub('chatPhotoEmpty'), date: chat.created, broadcast: chat.kind === 'channel',
    megagroup: chat.kind !== 'channel', forum: chat.kind === 'forum', signatures: chat.kind === 'channel',
    participantsCount: chat.kind === 'channel' ? 12345 : participantsCount,
  })
}

/** The Peer a chat's messages carry in peer_id. */
export function tlPeerOf(chat: SimChat): unknown {
  if (isChannel(chat)) return { _: 'peerChannel', channelId: chat.id }
  if (chat.kind === 'group') return { _: 'peerChat', chatId: chat.id }
  return { _: 'peerUser', userId: chat.id }
}

function sameHash(given: unknown, expected: string): boolean {
  return given !== undefined && Long.isLong(given) && (given as Long).toString() === Long.fromString(expected).toString()
}

/** The world chat an InputPeer / InputChannel / InputUser names; Telegram's errors otherwise. */
export function chatOfInput(world: World, input: TlRequest | undefined): SimChat {
  const bad = (msg: string): never => {
    throw new RpcError(400, msg)
  }
  if (!input) return bad('PEER_ID_INVALID')
  switch (input._) {
    case 'inputPeerSelf': case 'inputUserSelf':
      return world.chat(world.self.id) ?? bad('PEER_ID_INVALID')
    case 'inputPeerUser': case 'inputUser': {
      const chat = world.chat(Number(input.userId))
      const user = world.user(Number(input.userId))
      if (!chat || !user || !sameHash(input.accessHash, user.accessHash)) return bad('PEER_ID_INVALID')
      return chat
    }
    case 'inputPeerChat': {
      const chat = world.chat(Number(input.chatId))
      return chat && chat.kind === 'group' ? chat : bad('CHAT_ID_INVALID')
    }
    case 'inputPeerChannel': case 'inputChannel': {
      const chat = world.chat(Number(input.channelId))
      if (!chat || !isChannel(chat) || !sameHash(input.accessHash, chat.accessHash)) return bad('CHANNEL_INVALID')
      return chat
    }
    default:
      return bad('PEER_ID_INVALID')
  }
}

/** The world user an InputUser / InputPeer names (any user, not only those with a chat). */
export function userOfInput(world: World, input: TlRequest | undefined): SimUser {
  if (input?._ === 'inputUserSelf' || input?._ === 'inputPeerSelf') return world.self
  const id = Number(input?.userId)
  const user = world.user(id)
  if (!user || !sameHash(input?.accessHash, user.accessHash)) throw new RpcError(400, 'USER_ID_INVALID')
  return user
}

/** Collects the peers an answer references, then renders the users/chats vectors. */
export class PeerSet {
  private readonly userIds = new Set<number>()
  private readonly chatIds = new Set<number>()
  constructor(private readonly world: World) {}
  user(id: number | undefined): void {
    if (id !== undefined && id > 0) this.userIds.add(id)
  }
  chat(id: number | undefined): void {
    if (id !== undefined) this.chatIds.add(id)
  }
  /** a private chat references its user; others their chat object */
  forChat(chat: SimChat): void {
    if (chat.kind === 'private' || chat.kind === 'bot' || chat.kind === 'saved') this.user(chat.id)
    else this.chat(chat.id)
  }
  users(): unknown[] {
    const out: unknown[] = []
    for (const id of this.userIds) {
      const u = this.world.user(id)
      if (u) out.push(tlUser(u))
    }
    return out
  }
  chats(): unknown[] {
    const out: unknown[] = []
    for (const id of this.chatIds) {
      const c = this.world.chat(id)
      if (c && c.kind !== 'private' && c.kind !== 'bot' && c.kind !== 'saved') out.push(tlChat(c))
    }
    return out
  }
}
