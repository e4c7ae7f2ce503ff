// Access hashes learned from responses, so a chat known by its bare id can be addressed again.
import type { tl } from '@mtcute/core'
import Long from 'long'

export class InputPeers {
  private readonly users = new Map<number, Long>()
  private readonly channels = new Map<number, Long>()
  private readonly chats = new Set<number>()
  selfId = 0

  learn(users: tl.TypeUser[], chats: tl.TypeChat[]): void {
    for (const u of users) {
      if (u._ === 'user' && u.accessHash && !u.min) this.users.set(u.id, u.accessHash)
      if (u._ === 'user' && u.self) this.selfId = u.id
    }
    for (const c of chats) {
      if ((c._ === 'channel' || c._ === 'channelForbidden') && c.accessHash && !(c._ === 'channel' && c.min)) {
        this.channels.set(c.id, c.accessHash)
      } else if (c._ === 'chat' || c._ === 'chatForbidden') this.chats.add(c.id)
    }
  }

  /** The input peer of a chat by kind and bare id, if its access hash is known. */
  input(kind: 'user' | 'chat' | 'channel', id: number): tl.TypeInputPeer | undefined {
    if (kind === 'user') {
      if (id === this.selfId) return { _: 'inputPeerSelf' }
      const hash = this.users.get(id)
      return hash && { _: 'inputPeerUser', userId: id, accessHash: hash }
    }
    if (kind === 'channel') {
      const hash = this.channels.get(id)
      return hash && { _: 'inputPeerChannel', channelId: id, accessHash: hash }
    }
    return this.chats.has(id) ? { _: 'inputPeerChat', chatId: id } : undefined
  }

  inputChannel(id: number): tl.TypeInputChannel | undefined {
    const hash = this.channels.get(id)
    return hash && { _: 'inputChannel', channelId: id, accessHash: hash }
  }
}

export const ZERO = Long.ZERO
