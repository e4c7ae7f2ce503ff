// Atomic file writes: a note or media file is either the old version or the new one, never half of
// either, whenever the process dies (write to a temporary sibling, then rename over the target).
// Temporary files live in <vault>/.tobs/tmp, out of Obsidian's sight, and are swept at the start of a run.
import { createWriteStream, mkdirSync, rmSync } from 'node:fs'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { once } from 'node:events'

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
    await rename(tmp, path)
  } catch (e) {
    await rm(tmp, { force: true })
    throw e
  }
  return bytes
}

/**
 * Streams chunks into a temporary file that a rename puts in `path`'s place: the caller records
 * what it wrote before the rename (vault/note-files.ts), so a kill leaves no note unrecorded.
 * `written` sees the bytes as they go out (the note's hash is made from them).
 */
export async function writeChunksBeside(
  path: string, chunks: Iterable<string>, written?: (bytes: Uint8Array) => void,
): Promise<{ tmp: string; bytes: number }> {
  await mkdir(dirname(path), { recursive: true })
  const tmp = tmpName(path)
  // room for a few batches: the note goes on rendering while the last one is written, not after
  const out = createWriteStream(tmp, { highWaterMark: 1 << 18 })
  let bytes = 0
  try {
    let pending = ''
    for (const c of chunks) {
      pending += c
      // Batch small blocks: one write call per ~16k characters keeps the per-message cost at a few
      // microseconds, and the joined string stays below V8's large-object size (128 KiB) even when
      // it holds two-byte text (large objects are freed only by a full GC, so they pile up).
      if (pending.length >= 16384) {
        const b = Buffer.from(pending)
        bytes += b.length
        written?.(b)
        if (!out.write(b)) await once(out, 'drain')
        pending = ''
      }
    }
    const b = Buffer.from(pending)
    bytes += b.length
    written?.(b)
    out.end(b)
    await once(out, 'finish')
    return { tmp, bytes }
  } catch (e) {
    out.destroy()
    await rm(tmp, { force: true })
    throw e
  }
}
