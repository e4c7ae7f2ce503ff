// Atomic file writes: a note or media file is either the old version or the new one, never half of
// either, whenever the process dies (write to a temporary sibling, then rename over the target).
// Temporary files live in <vault>/.tobs/tmp, out of Obsidian's sight, and are swept at the start of a run.
import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { BufferPool } from '../runtime/buffer-pool.ts'
import type { FastBuffer } from './utf8.ts'

let serial = 0
let tmpDir: string | undefined

/** Empties the vault's temporary folder (what a killed run left) and writes temporaries there from now on. */
export function useVaultTmp(vaultDir: string): string {
  const dir = join(vaultDir, '.tobs', 'tmp')
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  tmpDir = dir
  return dir
}

/** A temporary name on the same file system as `path`, so the final rename is atomic. */
export function tmpName(path: string): string {
  const name = `${++serial}-${process.pid}-${basename(path).slice(-60)}`
  return tmpDir ? join(tmpDir, name) : `${path}.tmp-${name}`
}

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  const tmp = tmpName(path)
  try {
    await writeFile(tmp, data)
    await rename(tmp, path)
  } catch (e) {
    await rm(tmp, { force: true })
    throw e
  }
}

/** Bytes a note's text is encoded into between two writes. */
const BATCH = 1 << 16
/** the batch buffers, used again from note to note (a chat writes one note at a time) */
const batches = new BufferPool(BATCH, 2)

/**
 * Streams `head` and then chunks into a temporary file that a rename (`place`) puts in `path`'s place: the caller
 * records what it wrote before the rename (vault/note-files.ts), so a kill leaves no note unrecorded.
 * `written` sees the bytes as they go out (the note's hash is made from them).
 *
 * Each chunk (a message's block) is encoded straight into a 64 KiB buffer written when full: joining
 * the chunks into one string first, then flattening and encoding it, and a write stream around it,
 * cost ~2 µs a message of the export (issue 10). The file is opened, written and closed synchronously:
 * each hand-off of a write or close to the thread pool (a promise, a callback, a worker woken on a
 * 2-core machine) cost more CPU than the call itself, ~2.5 µs a message of the fast export in all
 * (three alternated pairs, issue 10), and the state database already writes to the same disk from
 * this thread. The event loop gets a turn after each write, as it did when writes were asynchronous: a
 * turn every 1 MiB (rendering ~3,000 messages in between, and none in a note under 1 MiB) held up the
 * fetch, and the seed bench fell from 0.930 to 0.893 of the ceiling; a turn every 64 KiB gave 0.941.
 */
export async function writeChunksBeside(
  path: string, head: string, chunks: Iterable<string>, written?: (bytes: Uint8Array) => void,
): Promise<{ tmp: string; bytes: number; awayMs: number }> {
  const tmp = tmpName(path)
  const fd = openNew(tmp)
  let bytes = 0
  // time in the event loop's turns, when other work ran: not this note's writing
  let awayMs = 0
  const buf = batches.acquire() as FastBuffer
  let open = true
  try {
    let used = 0
    if (3 * head.length <= BATCH) used = buf.utf8Write(head, 0, BATCH)
    else bytes += put(fd, Buffer.from(head), written) // an index note of many periods
    for (const c of chunks) {
      // room for the worst case, three bytes a UTF-16 unit: a chunk is never cut
      if (3 * c.length > BATCH - used) {
        if (used > 0) bytes += put(fd, buf.subarray(0, used), written)
        used = 0
        const t0 = performance.now()
        await new Promise<void>((turn) => setImmediate(turn))
        awayMs += performance.now() - t0
        if (3 * c.length > BATCH) {
          bytes += put(fd, Buffer.from(c), written)
          continue
        }
      }
      used += buf.utf8Write(c, used, BATCH - used)
    }
    if (used > 0) bytes += put(fd, buf.subarray(0, used), written)
    // Linux frees the descriptor even when close fails, and the thread pool may be handed its number
    // at once: closing it again here could close another file
    open = false
    closeSync(fd)
    return { tmp, bytes, awayMs }
  } catch (e) {
    if (open) {
      try {
        closeSync(fd)
      } catch {
        // the close itself failed: the file goes either way
      }
    }
    rmSync(tmp, { force: true })
    throw e
  } finally {
    batches.release(buf)
  }
}

/** Writes all of b at the file's position, shown to `written` first; returns its length. */
function put(fd: number, b: Uint8Array, written: ((bytes: Uint8Array) => void) | undefined): number {
  written?.(b)
  for (let at = 0; at < b.length; ) at += writeSync(fd, b, at, b.length - at)
  return b.length
}

/** Moves a temporary file written beside `path` (tmpName) into its place, making its folder when missing. */
export function place(tmp: string, path: string): void {
  try {
    renameSync(tmp, path)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || !existsSync(tmp)) throw e
    mkdirSync(dirname(path), { recursive: true })
    renameSync(tmp, path)
  }
}

/** A new file for writing; its folder is made when missing (a temporary beside its target). */
function openNew(path: string): number {
  try {
    return openSync(path, 'w')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
    mkdirSync(dirname(path), { recursive: true })
    return openSync(path, 'w')
  }
}
