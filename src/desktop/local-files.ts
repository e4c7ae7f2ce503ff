// Media of a Desktop export: read from the export folder (copied, never moved), refusing any path
// that would leave it.
import { createReadStream } from 'node:fs'
import { access } from 'node:fs/promises'
import { resolve, sep } from 'node:path'
import type { FileRef } from '../model/types.ts'
import { FileUnavailable, type FileSource } from '../media/source.ts'

export class LocalFiles implements FileSource {
  private readonly root: string

  constructor(root: string) {
    this.root = resolve(root)
  }

  async *open(file: FileRef): AsyncIterable<Uint8Array> {
    if (!file.ref) throw new FileUnavailable('not included in the export')
    const path = resolve(this.root, file.ref)
    if (!path.startsWith(this.root + sep)) throw new FileUnavailable('its path leaves the export folder')
    await access(path).catch(() => {
      throw new FileUnavailable('not included in the export')
    })
    yield* createReadStream(path, { highWaterMark: 1 << 20 })
  }
}
