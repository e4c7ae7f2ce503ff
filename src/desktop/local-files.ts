// Media of a Desktop export: read from the export folder (copied, never moved), refusing any path
// that would leave it.
import { createReadStream } from 'node:fs'
import { access } from 'node:fs/promises'
import { resolve, sep } from 'node:path'
import type { FileRef } from '../model/types.ts'

export class LocalFiles {
  private readonly root: string

  constructor(root: string) {
    this.root = resolve(root)
  }

  async *open(file: FileRef): AsyncIterable<Uint8Array> {
    if (!file.ref) throw new Error('no file in the export')
    const path = resolve(this.root, file.ref)
    if (!path.startsWith(this.root + sep)) throw new Error('file path leaves the export folder')
    await access(path).catch(() => {
      throw new Error('not included in the export')
    })
    yield* createReadStream(path, { highWaterMark: 1 << 20 })
  }
}
