// One file's bytes into a complete local file: part by part with resume for a part source
// (Telegram), or as a stream (a Desktop export folder). The result is checked for size, hashed,
// and only then handed back for its rename into the vault (issue 11).
import { createHash } from 'node:crypto'
import { createWriteStream, existsSync, statSync } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import { once } from 'node:events'
import { join } from 'node:path'
import type { FileRef, Message } from '../model/types.ts'
import type { StateDb } from '../vault/state.ts'
import { fetchParts, partSizeFor } from './parts.ts'
import type { FileSource } from './source.ts'
import type { ByteBudget } from './budget.ts'
import { PrefixHash } from './prefix-hash.ts'

export interface FetchTuning {
  /** parts of one file in flight */
  partsInFlight: number
  stallMs: number
  /** tries per part within a run */
  partTries: number
  /** bytes of parts asked for and not answered, over all files (the ByteBudget's size) */
  bytesInFlight: number
  /** the run's shared budget of bytes in flight */
  budget?: ByteBudget
}

export interface Fetched { path: string; sha256: string; size: number }

/** Answers that another try of the same part cannot change (the source already refreshed what it could). */
const PERMANENT = /FILE_REFERENCE_|file reference expired|FILE_ID_INVALID|LOCATION_INVALID|no longer holds the file|CDN/

function permanent(e: unknown): boolean {
  return PERMANENT.test(String((e as Error)?.message ?? e))
}

/** `.part` files live under .tobs/parts, named by file, so a later run finds them again. */
export function partPath(vaultDir: string, uniqueId: string): string {
  return join(vaultDir, '.tobs', 'parts', `${uniqueId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 120)}.part`)
}

export async function fetchFile(
  vaultDir: string, state: StateDb, source: FileSource, file: FileRef, msg: Message, tuning: FetchTuning,
  onBytes: (n: number) => void, signal?: AbortSignal,
): Promise<Fetched> {
  const path = partPath(vaultDir, file.uniqueId)
  await mkdir(join(vaultDir, '.tobs', 'parts'), { recursive: true })
  if (source.readPart && file.size !== undefined && file.size > 0) {
    const hash = new PrefixHash(path)
    try {
      await fetchByParts(path, state, source, file, msg, tuning, onBytes, signal, hash)
      const size = statSync(path).size
      if (size !== file.size) throw new Error(`got ${size} bytes of ${file.size}`)
      return { path, size, sha256: await hash.digest(size) }
    } finally {
      await hash.close()
    }
  }
  if (!source.open) throw new Error('no way to read this file')
  return { path, ...(await stream(path, source.open(file, msg, signal), onBytes)) }
}

async function fetchByParts(
  path: string, state: StateDb, source: FileSource, file: FileRef, msg: Message, tuning: FetchTuning,
  onBytes: (n: number) => void, signal: AbortSignal | undefined, hash: PrefixHash,
): Promise<void> {
  const size = file.size!
  const partSize = partSizeFor(size)
  const known = state.partials.get(file.uniqueId)
  let start = 0
  // resume only what this run can trust: same size, and the .part file holds the recorded prefix
  if (known && known.size === size && existsSync(path) && statSync(path).size >= known.done) {
    start = Math.floor(known.done / partSize) * partSize
  }
  state.partials.put(file.uniqueId, { size, partSize, done: start })
  hash.advance(start)
  await fetchParts({
    path, size, partSize, start, inFlight: partsInFlight(size, partSize, tuning), stallMs: tuning.stallMs,
    tries: tuning.partTries, signal, onBytes, budget: tuning.budget,
    onPrefix: (done) => {
      state.partials.put(file.uniqueId, { size, partSize, done })
      hash.advance(done)
    },
  }, (offset, limit, s) => source.readPart!(file, msg, offset, limit, s), permanent)
}

/**
 * Parts of one file in flight: a large file may take the whole byte budget, so that the last big
 * file of a run still fills the link alone (with 8 parts of 1 MiB, a 190 MB video at the end of the
 * media benchmark moved 7.2 of 8 MB/s); the budget shares the link with the other files.
 */
function partsInFlight(size: number, partSize: number, tuning: FetchTuning): number {
  if (size <= partSize) return 1
  return size >= 8 * 2 ** 20 ? Math.max(tuning.partsInFlight, Math.floor(tuning.bytesInFlight / partSize)) : tuning.partsInFlight
}

async function stream(path: string, chunks: AsyncIterable<Uint8Array>, onBytes: (n: number) => void): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256')
  const out = createWriteStream(path)
  let size = 0
  try {
    for await (const chunk of chunks) {
      hash.update(chunk)
      size += chunk.length
      onBytes(chunk.length)
      if (!out.write(chunk)) await once(out, 'drain')
    }
    out.end()
    await once(out, 'finish')
  } catch (e) {
    out.destroy()
    await rm(path, { force: true })
    throw e
  }
  return { sha256: hash.digest('hex'), size }
}
