// Dedup before download: a file whose size matches a file already in the vault is compared by
// Telegram's per-part hashes (upload.getFileHashes: SHA-256 of each 128 KiB) against the same
// hashes of the local file, and is not downloaded when they all match (issue 11).
import { createHash } from 'node:crypto'
import { open } from 'node:fs/promises'
import type { FileRef, Message } from '../model/types.ts'
import type { FileSource } from './source.ts'
import { BufferPool } from '../runtime/buffer-pool.ts'
import type { Cache } from '../runtime/cache.ts'

/** SHA-256 of a stored file's 128 KiB parts, by `path:offset`: the next copy of the same bytes compares without reading it again */
export type HashCache = Cache<string, Buffer>

const HASH_PART = 128 * 1024
/** part buffers reused across comparisons and downloads' hashes (prefix-hash.ts): one per read in flight, no garbage per file */
export const hashBuffers = new BufferPool(HASH_PART, 8)

/** SHA-256 of each 128 KiB part of a local file, from `from` (a multiple of 128 KiB), `count` at most. */
async function localHashes(path: string, from: number, count: number, size: number, cache?: HashCache): Promise<Buffer[]> {
  const parts = Math.min(count, Math.ceil((size - from) / HASH_PART))
  const known = cache ? [...Array(parts).keys()].map((i) => cache.get(`${path}:${from + i * HASH_PART}`)) : []
  if (cache && known.every((h) => h !== undefined)) return known as Buffer[]
  const out = await readHashes(path, from, count)
  out.forEach((h, i) => cache?.set(`${path}:${from + i * HASH_PART}`, h))
  return out
}

async function readHashes(path: string, from: number, count: number): Promise<Buffer[]> {
  const fh = await open(path, 'r')
  const buf = hashBuffers.acquire()
  try {
    const out: Buffer[] = []
    for (let off = from; out.length < count; off += HASH_PART) {
      const { bytesRead } = await fh.read(buf, 0, HASH_PART, off)
      if (bytesRead === 0) break
      out.push(createHash('sha256').update(buf.subarray(0, bytesRead)).digest())
    }
    return out
  } finally {
    hashBuffers.release(buf)
    await fh.close()
  }
}

/** Whether the remote file has the same bytes as the local file `path` of the same size. */
export async function sameContent(source: FileSource, file: FileRef, msg: Message, path: string, size: number, cache?: HashCache): Promise<boolean> {
  if (!source.hashes) return false
  for (let offset = 0; offset < size;) {
    const remote = await source.hashes(file, msg, offset)
    if (remote.length === 0) return false
    const local = await localHashes(path, offset, remote.length, size, cache)
    for (let i = 0; i < remote.length; i++) {
      const r = remote[i]!
      if (r.offset !== offset + i * HASH_PART || !local[i] || !local[i]!.equals(r.hash)) return false
    }
    offset += remote.length * HASH_PART
  }
  return true
}
