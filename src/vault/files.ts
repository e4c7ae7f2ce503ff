// Atomic file writes: a note or media file is either the old version or the new one, never half of
// either, whenever the process dies (write to a temporary sibling, then rename over the target).
// Temporary files live in <vault>/.tobs/tmp, out of Obsidian's sight, and are swept at the start of a run.
import { close, closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, write } from 'node:fs'
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

/** Streams chunks into `path` atomically; memory stays at one chunk however long the note is. */
export async function writeChunksAtomic(path: string, chunks: Iterable<string>): Promise<number> {
  const { tmp, bytes } = await writeChunksBeside(path, chunks)
  try {
    place(tmp, path)
  } catch (e) {
    await rm(tmp, { force: true })
    throw e
  }
  return bytes
}

/** Bytes a note's text is encoded into between two writes. */
const BATCH = 1 << 16
/** the batch buffers, used again from note to note (a chat writes one note at a time) */
const batches = new BufferPool(BATCH, 2)

/**
 * Streams chunks into a temporary file that a rename (`place`) puts in `path`'s place: the caller
 * records what it wrote before the rename (vault/note-files.ts), so a kill leaves no note unrecorded.
 * `written` sees the bytes as they go out (the note's hash is made from them).
 *
 * Each chunk (a message's block) is encoded straight into a 64 KiB buffer written when full: joining
 * the chunks into one string first, then flattening and encoding it, and a write stream around it,
 * cost ~2 µs a message of the export (issue 10). The file is opened synchronously (one quick
 * syscall, where the thread pool's hand-offs and a stream's machinery cost more CPU than the
 * call itself); the writes go through the thread pool, so a disk slow to take them does not stall
 * the event loop.
 */
export async function writeChunksBeside(
  path: string, chunks: Iterable<string>, written?: (bytes: Uint8Array) => void,
): Promise<{ tmp: string; bytes: number }> {
  const tmp = tmpName(path)
  const fd = openNew(tmp)
  let bytes = 0
  const put = async (b: Uint8Array) => {
    written?.(b)
    bytes += b.length
    await writeAll(fd, b)
  }
  const buf = batches.acquire() as FastBuffer
  try {
    let used = 0
    for (const c of chunks) {
      // room for the worst case, three bytes a UTF-16 unit: a chunk is never cut
      if (3 * c.length > BATCH - used) {
        if (used > 0) await put(buf.subarray(0, used))
        used = 0
        if (3 * c.length > BATCH) {
          await put(Buffer.from(c))
          continue
        }
      }
      used += buf.utf8Write(c, used, BATCH - used)
    }
    if (used > 0) await put(buf.subarray(0, used))
    await new Promise<void>((resolve, reject) => close(fd, (e) => (e ? reject(e) : resolve())))
    return { tmp, bytes }
  } catch (e) {
    try {
      closeSync(fd)
    } catch {
      // closed already, or the close itself failed: the file goes either way
    }
    rmSync(tmp, { force: true })
    throw e
  } finally {
    batches.release(buf)
  }
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

function writeAll(fd: number, b: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    const from = (at: number) =>
      write(fd, b, at, b.length - at, null, (e, n) => {
        if (e) reject(e)
        else if (at + n < b.length) from(at + n)
        else resolve()
      })
    from(0)
  })
}
