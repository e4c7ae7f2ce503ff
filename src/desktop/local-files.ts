// Media of a Desktop export: read from the export folder (copied, never moved). The export is
// untrusted input (issue 16): only a regular file that really lies inside the folder is read, never
// a symlink out of it (a crafted export would copy the user's own files into a vault that may be
// published), a device (/dev/zero fills the disk) or a FIFO (blocks forever), and its real size,
// not the size the export declares, is held against --max-file-size.
import { constants, createReadStream } from 'node:fs'
import { open, realpath, type FileHandle } from 'node:fs/promises'
import { resolve, sep } from 'node:path'
import type { FileRef } from '../model/types.ts'
import { FileUnavailable, type FileSource } from '../media/source.ts'

// O_NONBLOCK: opening a FIFO for reading must not wait for a writer; O_NOFOLLOW: the last step of
// the path may not be a symlink swapped in after the realpath check.
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW

export class LocalFiles implements FileSource {
  private readonly root: string
  private realRoot: Promise<string> | undefined

  constructor(root: string, private readonly maxSize = Infinity) {
    this.root = resolve(root)
  }

  async *open(file: FileRef): AsyncIterable<Uint8Array> {
    if (!file.ref) throw new FileUnavailable('not included in the export')
    const path = resolve(this.root, file.ref)
    if (!path.startsWith(this.root + sep)) throw new FileUnavailable('its path leaves the export folder')
    const real = await realpath(path).catch(() => {
      throw new FileUnavailable('not included in the export')
    })
    this.realRoot ??= realpath(this.root)
    if (!real.startsWith((await this.realRoot) + sep)) throw new FileUnavailable('a link that leads out of the export folder')
    const handle = await open(real, OPEN_FLAGS).catch((e: NodeJS.ErrnoException) => {
      throw new FileUnavailable(e.code === 'ELOOP' ? 'a link that leads out of the export folder' : `cannot be read (${e.code ?? e.message})`)
    })
    try {
      const size = await this.checked(handle)
      if (size === 0) return
      // end: a file that grows while it is copied stops at the size that was checked
      yield* createReadStream('', { fd: handle, autoClose: false, start: 0, end: size - 1, highWaterMark: 1 << 20 })
    } finally {
      await handle.close()
    }
  }

  /** The file's size once it is known to be a regular file within the limit. */
  private async checked(handle: FileHandle): Promise<number> {
    const st = await handle.stat()
    if (!st.isFile()) throw new FileUnavailable(`not a regular file (${kindOf(st)})`)
    if (st.size > this.maxSize) throw new FileUnavailable(`larger than ${formatMb(this.maxSize)} (${formatMb(st.size)})`)
    return st.size
  }
}

function kindOf(st: { isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (st.isDirectory()) return 'a folder'
  if (st.isFIFO()) return 'a FIFO'
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device'
  if (st.isSocket()) return 'a socket'
  return 'not a file'
}

function formatMb(bytes: number): string {
  return `${Math.max(1, Math.round(bytes / 2 ** 20))} MB`
}
