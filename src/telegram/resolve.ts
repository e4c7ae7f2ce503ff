// Turns a parsed target into a chat of the account: by username (contacts.resolveUsername) or by id
// (the dialog list, which carries the access hashes an id alone lacks).
import type { tl } from '@mtcute/core'
import type { Chat } from '../model/types.ts'
import type { TargetRef } from '../model/target.ts'
import { getDialogs, kindOf, peerId, type DialogChat } from './dialogs.ts'
import type { InputPeers } from './input-peers.ts'
import { mapChat } from './map/index.ts'
import { rpcErrorText, type Rpc } from './rpc.ts'

export class UnknownChatError extends Error {}

export class ChatDirectory {
  private dialogs?: Promise<DialogChat[]>

  constructor(private readonly rpc: Rpc, private readonly peers: InputPeers) {}

  list(): Promise<DialogChat[]> {
    this.dialogs ??= getDialogs(this.rpc, this.peers)
    return this.dialogs
  }

  async resolve(ref: TargetRef, label: string): Promise<DialogChat> {
    if (ref.by === 'self') {
      const saved = (await this.list()).find((d) => d.chat.kind === 'saved')
      if (saved) return saved
      return { chat: { id: this.peers.selfId, kind: 'saved', title: 'Saved Messages' }, peerKind: 'user', topMessage: 0 }
    }
    if (ref.by === 'id') {
      const hit = (await this.list()).find((d) => d.chat.id === ref.id && (!ref.peer || ref.peer === d.peerKind))
      if (!hit) throw new UnknownChatError(`chat ${label} is not among this account's chats`)
      return hit
    }
    const known = (await this.list()).find((d) => d.chat.username?.toLowerCase() === ref.username.toLowerCase())
    if (known) return known
    return this.byUsername(ref.username, label)
  }

  private async byUsername(username: string, label: string): Promise<DialogChat> {
    let res: tl.contacts.TypeResolvedPeer
    try {
      res = await this.rpc({ _: 'contacts.resolveUsername', username })
    } catch (e) {
      const text = rpcErrorText(e)
      if (text === 'USERNAME_NOT_OCCUPIED' || text === 'USERNAME_INVALID') {
        throw new UnknownChatError(`no chat or user is called ${label}`)
      }
      throw e
    }
    this.peers.learn(res.users, res.chats)
    const id = peerId(res.peer)
    const raw = res.peer._ === 'peerUser' ? res.users.find((u) => u.id === id) : res.chats.find((c) => c.id === id)
    if (!raw) throw new UnknownChatError(`${label} resolved to a peer the server did not describe`)
    const chat: Chat = mapChat(raw, { selfId: this.peers.selfId })
    return { chat, peerKind: kindOf(res.peer), topMessage: 0 }
  }

  inputPeer(d: DialogChat): tl.TypeInputPeer {
    if (d.chat.kind === 'saved') return { _: 'inputPeerSelf' }
    const p = this.peers.input(d.peerKind, d.chat.id)
    if (!p) throw new UnknownChatError(`no access hash for chat ${d.chat.id}; is it still accessible?`)
    return p
  }
}
