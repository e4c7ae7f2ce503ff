// TL Vector answers (users.getUsers, upload.getFileHashes): the DC server serializes one TL
// object or passes bytes through, so vectors are serialized here.
import { TlBinaryWriter, __tlWriterMap } from '@mtcute/core/utils.js'

const VECTOR_ID = 0x1cb5c415

export function tlVector(items: readonly object[]): Uint8Array {
  const parts = items.map((o) => TlBinaryWriter.serializeObject(__tlWriterMap, o as { _: string }))
  const out = new Uint8Array(8 + parts.reduce((n, p) => n + p.length, 0))
  const view = new DataView(out.buffer)
  view.setUint32(0, VECTOR_ID, true)
  view.setUint32(4, items.length, true)
  let pos = 8
  for (const p of parts) {
    out.set(p, pos)
    pos += p.length
  }
  return out
}
