// File bytes from Telegram, part by part on the file's own DC over the download connection pool
// (whose size createClient sets), with expired file references refreshed in batches. The part
// scheduling, retries and resume live in media/ (issue 11).
import type { tl } from '@mtcute/core'
import type { FileRef, Message } from '../model/types.ts'
import { Cache } from '../runtime/cache.ts'
import { filesOf } from '../model/files.ts'
import type { FileHash, FileSource } from '../media/source.ts'
import type { Client } from './client.ts'
import { FileRefRefresher } from './file-refs.ts'
import { warmDownloadPool } from './download-pool.ts'
import { parseFileRef, toInputFileLocation } from './map/index.ts'
import type { InputPeers } from './input-peers.ts'
import { rpcErrorText } from './rpc.ts'

interface Location { dcId: number; location: tl.TypeInputFileLocation }

export class TelegramFiles implements FileSource {
  readonly refresher: FileRefRefresher
  /** parsed locations by reference: a file's parts and hash calls share one (JSON, two Longs, base64 each) */
  readonly locations = new Cache<string, Location>({ name: 'file-locations', policy: 'lru', maxEntries: 2000 })
  /** fresh references by file, after an expiry */
  private readonly refs = new Map<string, string>()
  /** messages whose files are queued, by chat: an expiry refreshes them all in one call */
  private readonly pending = new Map<number, Map<number, Message>>()
  /** refreshes under way or done, by chat:message */
  private readonly refreshed = new Map<string, Promise<void>>()

  constructor(private readonly tg: Client, peers: InputPeers,
    peerKindOf: (chatId: number) => 'user' | 'chat' | 'channel' | undefined) {
    this.refresher = new FileRefRefresher(tg, peers, peerKindOf)
  }

  readPart(file: FileRef, msg: Message, offset: number, limit: number, signal: AbortSignal): Promise<Uint8Array> {
    return this.withRef(file, msg, async (ref) => {
      const { dcId, location } = this.locationOf(ref)
      const res = await this.tg.call(
        { _: 'upload.getFile', location, offset, limit },
        { dcId, kind: 'download', abortSignal: signal, maxRetryCount: 2 },
      )
      if (res._ !== 'upload.file') throw new Error('the file is on a CDN, which tobs does not support')
      warmDownloadPool(this.tg, dcId)
      return res.bytes
    })
  }

  hashes(file: FileRef, msg: Message, offset: number): Promise<FileHash[]> {
    return this.withRef(file, msg, async (ref) => {
      const { dcId, location } = this.locationOf(ref)
      const res = await this.tg.call({ _: 'upload.getFileHashes', location, offset },
        { dcId, kind: 'download', maxRetryCount: 2 })
      return res.map((h: { offset: number; limit: number; hash: Uint8Array }) => ({ offset: Number(h.offset), limit: h.limit, hash: h.hash }))
    })
  }

  private locationOf(ref: string): Location {
    return this.locations.getOr(ref, () => {
      const r = parseFileRef(ref)
      return { dcId: r.dcId, location: toInputFileLocation(r) }
    })
  }

  /** The file of this message will be asked for soon. */
  announce(msg: Message): void {
    let chat = this.pending.get(msg.chatId)
    if (!chat) this.pending.set(msg.chatId, (chat = new Map()))
    chat.set(msg.id, msg)
  }

  /** The files of this message are settled. */
  settled(msg: Message): void {
    this.pending.get(msg.chatId)?.delete(msg.id)
    this.refreshed.delete(`${msg.chatId}:${msg.id}`)
  }

  private async withRef<T>(file: FileRef, msg: Message, use: (ref: string) => Promise<T>): Promise<T> {
    if (!file.ref) throw new Error('no file location')
    let stale: Promise<void> | undefined
    for (let attempt = 0; ; attempt++) {
      const ref = this.refs.get(file.uniqueId) ?? file.ref
      try {
        return await use(ref)
      } catch (e) {
        if (rpcErrorText(e) !== 'FILE_REFERENCE_EXPIRED' || attempt >= 2) throw e
        // a refresh that started after our failed call already has our new reference
        const current = this.refreshed.get(`${msg.chatId}:${msg.id}`)
        stale = current && current !== stale ? current : this.refreshAround(msg)
        await stale
        if (!this.refs.has(file.uniqueId)) throw new Error('file reference expired and the message no longer holds the file')
      }
    }
  }

  /**
   * References of one message expired: those of its chat's other queued messages were given with it
   * and expire with it, so all of them (up to 100) are refreshed in one call.
   */
  private refreshAround(msg: Message): Promise<void> {
    const batch = [msg, ...[...(this.pending.get(msg.chatId)?.values() ?? [])].filter((m) => m.id !== msg.id)].slice(0, 100)
    const done = Promise.all(batch.map(async (m) => {
      const fresh = await this.refresher.refresh(m)
      for (const f of fresh ? filesOf(fresh) : []) if (f.ref) this.refs.set(f.uniqueId, f.ref)
    })).then(() => undefined)
    for (const m of batch) this.refreshed.set(`${m.chatId}:${m.id}`, done)
    return done
  }
}
