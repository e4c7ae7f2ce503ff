// PeerIndex: the users and chats of a response, turned into cached plain Peers for cheap lookups.
import type { tl } from '@mtcute/core'
import type { Peer } from '../../model/types.ts'
import { safeId } from './ids.ts'

export const DELETED_ACCOUNT = 'Deleted Account'

/** Display name of a user: "First Last", or "Deleted Account". */
export function userDisplayName(u: tl.TypeUser): string {
  if (u._ === 'userEmpty' || u.deleted) return DELETED_ACCOUNT
  const first = u.firstName ?? ''
  const last = u.lastName ?? ''
  const full = first && last ? first + ' ' + last : first || last
  if (full) return full
  return u.username ?? (u.phone ? '+' + u.phone : 'User ' + u.id)
}

/** First username of a user or channel: the main one, else the first active collectible one. */
export function primaryUsername(raw: { username?: string; usernames?: tl.TypeUsername[] }): string | undefined {
  if (raw.username) return raw.username
  if (raw.usernames) {
    for (const u of raw.usernames) if (u.active) return u.username
  }
  return undefined
}

export function chatDisplayName(c: tl.TypeChat): string {
  if (c._ === 'chatEmpty') return 'Chat ' + c.id
  return c.title || (c._ === 'chat' || c._ === 'chatForbidden' ? 'Chat ' : 'Channel ') + c.id
}

function userPeer(u: tl.TypeUser): Peer {
  const p: Peer = { id: u.id, kind: 'user', name: userDisplayName(u) }
  if (u._ === 'user') {
    const username = primaryUsername(u)
    if (username) p.username = username
  }
  return p
}

function chatPeer(c: tl.TypeChat): Peer {
  const isChannel = c._ === 'channel' || c._ === 'channelForbidden'
  const p: Peer = { id: c.id, kind: isChannel ? 'channel' : 'chat', name: chatDisplayName(c) }
  if (c._ === 'channel') {
    const username = primaryUsername(c)
    if (username) p.username = username
  }
  return p
}

// A peer the response did not describe still keeps its id; its name says what it is.
function stubPeer(kind: Peer['kind'], id: number): Peer {
  const label = kind === 'user' ? 'User ' : kind === 'chat' ? 'Chat ' : 'Channel '
  return { id, kind, name: label + id }
}

/**
 * Lookups over the `users` and `chats` vectors of one or more responses.
 * Peer objects are built once per id and shared, so mapping a message allocates none.
 */
export class PeerIndex {
  private readonly users = new Map<number, Peer>()
  private readonly chats = new Map<number, Peer>()
  private readonly channels = new Map<number, Peer>()
  private readonly rawUsers = new Map<number, tl.TypeUser>()
  private readonly rawChats = new Map<number, tl.TypeChat>()
  private readonly stubs = new Map<string, Peer>()
  /** The account's own user, when a response carried it (`user.self`). */
  self: Peer | undefined

  static from(users: tl.TypeUser[] = [], chats: tl.TypeChat[] = []): PeerIndex {
    const index = new PeerIndex()
    index.add(users, chats)
    return index
  }

  /** Merge more users and chats; a `min` object never replaces a full one already known. */
  add(users: tl.TypeUser[] = [], chats: tl.TypeChat[] = []): this {
    for (const u of users) {
      safeId(u.id, 'a user')
      const old = this.rawUsers.get(u.id)
      if (old && u._ === 'user' && u.min && !(old._ === 'user' && old.min)) continue
      this.rawUsers.set(u.id, u)
      const peer = userPeer(u)
      this.users.set(u.id, peer)
      if (u._ === 'user' && u.self) this.self = peer
    }
    for (const c of chats) {
      safeId(c.id, 'a chat')
      const old = this.rawChats.get(c.id)
      if (old && c._ === 'channel' && c.min && !(old._ === 'channel' && old.min)) continue
      this.rawChats.set(c.id, c)
      const peer = chatPeer(c)
      if (peer.kind === 'channel') this.channels.set(c.id, peer)
      else this.chats.set(c.id, peer)
    }
    return this
  }

  /** Name the account's own user when no response flagged it (`user.self`). */
  setSelf(id: number): this {
    this.self = this.users.get(id) ?? this.peerOrStub({ _: 'peerUser', userId: id })
    return this
  }

  /** The Peer for a TL peer, or undefined when no response described it. */
  peer(p: tl.TypePeer): Peer | undefined {
    switch (p._) {
      case 'peerUser': return this.users.get(p.userId)
      case 'peerChat': return this.chats.get(p.chatId)
      case 'peerChannel': return this.channels.get(p.channelId)
    }
  }

  /** Like peer(), but an unknown peer becomes a cached stub named "User 123" / "Channel 123". */
  peerOrStub(p: tl.TypePeer): Peer {
    const kind = p._ === 'peerUser' ? 'user' : p._ === 'peerChat' ? 'chat' : 'channel'
    return this.peerOrStubOf(kind, p._ === 'peerUser' ? p.userId : p._ === 'peerChat' ? p.chatId : p.channelId)
  }

  /** peerOrStub() for a peer given as its kind and id (the lean history reader keeps no TL peers). */
  peerOrStubOf(kind: Peer['kind'], rawId: number): Peer {
    const known = (kind === 'user' ? this.users : kind === 'chat' ? this.chats : this.channels).get(rawId)
    if (known) return known
    const id = safeId(rawId, `a ${kind}`)
    const key = kind + id
    let stub = this.stubs.get(key)
    if (!stub) {
      stub = stubPeer(kind, id)
      this.stubs.set(key, stub)
    }
    return stub
  }

  user(id: number): Peer | undefined {
    return this.users.get(id)
  }

  /** A basic group or a channel with this bare id. */
  chat(id: number): Peer | undefined {
    return this.channels.get(id) ?? this.chats.get(id)
  }

  rawUser(id: number): tl.TypeUser | undefined {
    return this.rawUsers.get(id)
  }

  rawChat(id: number): tl.TypeChat | undefined {
    return this.rawChats.get(id)
  }

  /** Display name of a peer; unknown peers get "User 123" style names. */
  name(p: tl.TypePeer): string {
    return this.peerOrStub(p).name
  }

  /** Display name of a user id; unknown users get "User 123". */
  userName(id: number): string {
    return (this.users.get(id) ?? this.peerOrStub({ _: 'peerUser', userId: id })).name
  }
}
