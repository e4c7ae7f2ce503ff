// The account's chats: messages.getDialogs paged to the end, mapped to plain Chats.
import type { tl } from '@mtcute/core'
import Long from 'long'
import type { Chat } from '../model/types.ts'
import { mapChat } from './map/index.ts'
import type { InputPeers } from './input-peers.ts'
import type { Rpc } from './rpc.ts'

export interface DialogChat {
  chat: Chat
  /** which TL peer kind addresses it */
  peerKind: 'user' | 'chat' | 'channel'
  /** id of the newest message: an upper bound of the message count */
  topMessage: number
}

export async function getDialogs(rpc: Rpc, peers: InputPeers): Promise<DialogChat[]> {
  const out: DialogChat[] = []
  const seen = new Set<string>()
  let offsetDate = 0
  let offsetId = 0
  let offsetPeer: tl.TypeInputPeer = { _: 'inputPeerEmpty' }
  for (let page = 0; page < 1000; page++) {
    const res: tl.messages.TypeDialogs = await rpc({
      _: 'messages.getDialogs', offsetDate, offsetId, offsetPeer, limit: 100, hash: Long.ZERO,
    })
    if (res._ === 'messages.dialogsNotModified') break
    peers.learn(res.users, res.chats)
    const users = new Map(res.users.map((u) => [u.id, u]))
    const chats = new Map(res.chats.map((c) => [c.id, c]))
    let added = 0
    for (const d of res.dialogs) {
      if (d._ !== 'dialog') continue
      const key = `${d.peer._}:${peerId(d.peer)}`
      if (seen.has(key)) continue
      seen.add(key)
      const raw = d.peer._ === 'peerUser' ? users.get(d.peer.userId) : chats.get(peerId(d.peer))
      if (!raw) continue
      const chat = mapChat(raw, { selfId: peers.selfId })
      if (chat.kind === 'saved') chat.title = 'Saved Messages'
      out.push({ chat, peerKind: kindOf(d.peer), topMessage: d.topMessage })
      added++
    }
    if (res._ === 'messages.dialogs' || added === 0 || res.dialogs.length < 100) break
    const last: tl.TypeDialog = res.dialogs[res.dialogs.length - 1]!
    const top = res.messages.find((m: tl.TypeMessage) => m.id === last.topMessage && m._ !== 'messageEmpty')
    offsetDate = top && top._ !== 'messageEmpty' ? top.date : 0
    offsetId = last.topMessage
    offsetPeer = peers.input(kindOf(last.peer), peerId(last.peer)) ?? { _: 'inputPeerEmpty' }
  }
  return out
}

export function peerId(p: tl.TypePeer): number {
  return p._ === 'peerUser' ? p.userId : p._ === 'peerChat' ? p.chatId : p.channelId
}

export function kindOf(p: tl.TypePeer): 'user' | 'chat' | 'channel' {
  return p._ === 'peerUser' ? 'user' : p._ === 'peerChat' ? 'chat' : 'channel'
}
