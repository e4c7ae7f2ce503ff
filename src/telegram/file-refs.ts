// Fresh file references for messages whose references expired, fetched in batches: one
// channels.getMessages per channel (or messages.getMessages for private chats and groups) for up
// to 100 messages, not one call per file (issue 11).
import type { tl } from '@mtcute/core'
import type { Message } from '../model/types.ts'
import type { Client } from './client.ts'
import type { InputPeers } from './input-peers.ts'
import { mapMessage, PeerIndex } from './map/index.ts'

const BATCH = 100
/** how long the first expired reference waits for others to join its batch */
const GATHER_MS = 20

interface Waiter { resolve: (m: Message | undefined) => void; reject: (e: unknown) => void }
interface Bucket { chatIds: Map<number, number>; ids: Map<number, Waiter[]>; timer?: NodeJS.Timeout }

export class FileRefRefresher {
  private readonly buckets = new Map<string, Bucket>()
  /** getMessages calls made: tests check that a burst of expiries costs one */
  calls = 0

  constructor(private readonly tg: Client, private readonly peers: InputPeers,
    private readonly peerKindOf: (chatId: number) => 'user' | 'chat' | 'channel' | undefined) {}

  /** The message as Telegram has it now (with fresh file references), or undefined when it is gone. */
  refresh(msg: Pick<Message, 'chatId' | 'id'>): Promise<Message | undefined> {
    const key = this.peerKindOf(msg.chatId) === 'channel' ? `channel:${msg.chatId}` : 'messages'
    let b = this.buckets.get(key)
    if (!b) this.buckets.set(key, (b = { chatIds: new Map(), ids: new Map() }))
    return new Promise((resolve, reject) => {
      const list = b.ids.get(msg.id) ?? []
      list.push({ resolve, reject })
      b.ids.set(msg.id, list)
      b.chatIds.set(msg.id, msg.chatId)
      if (b.ids.size >= BATCH) this.flush(key)
      else b.timer ??= setTimeout(() => this.flush(key), GATHER_MS)
    })
  }

  private flush(key: string): void {
    const b = this.buckets.get(key)
    if (!b) return
    clearTimeout(b.timer)
    b.timer = undefined
    const ids = [...b.ids.keys()].slice(0, BATCH)
    const batch = ids.map((id) => [id, b.ids.get(id)!, b.chatIds.get(id)!] as const)
    for (const id of ids) {
      b.ids.delete(id)
      b.chatIds.delete(id)
    }
    if (b.ids.size > 0) b.timer = setTimeout(() => this.flush(key), 0)
    this.fetch(key, ids).then((found) => {
      for (const [id, waiters, chatId] of batch) {
        const raw = found.get(id)
        const m = raw && mapMessage(raw.message, raw.index, { chatId })
        for (const w of waiters) w.resolve(m)
      }
    }, (e) => {
      for (const [, waiters] of batch) for (const w of waiters) w.reject(e)
    })
  }

  private async fetch(key: string, ids: number[]): Promise<Map<number, { message: tl.TypeMessage; index: PeerIndex }>> {
    const id = ids.map((i) => ({ _: 'inputMessageID' as const, id: i }))
    let res: tl.messages.TypeMessages
    this.calls++
    if (key.startsWith('channel:')) {
      const channel = this.peers.inputChannel(Number(key.slice('channel:'.length)))
      if (!channel) throw new Error('file reference expired and the channel is unknown')
      res = await this.tg.call({ _: 'channels.getMessages', channel, id })
    } else {
      res = await this.tg.call({ _: 'messages.getMessages', id })
    }
    const out = new Map<number, { message: tl.TypeMessage; index: PeerIndex }>()
    if (res._ === 'messages.messagesNotModified') return out
    const index = PeerIndex.from(res.users, res.chats)
    for (const m of res.messages) if (m._ !== 'messageEmpty') out.set(m.id, { message: m, index })
    return out
  }
}
