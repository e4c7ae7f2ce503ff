// SHA-256 of a file being written part by part, read back (from the page cache) as its complete
// prefix grows: a large file's hash is ready when its last part lands. Hashing it in a second pass
// after the download left the link idle at the end of a run: 190 MB took ~2 s on a loaded machine,
// with nothing else to download (issue 11).
import { createHash } from 'node:crypto'
import { open, type FileHandle } from 'node:fs/promises'
import { hashBuffers } from './dedup.ts'

export class PrefixHash {
  private readonly hash = createHash('sha256')
  private hashed = 0
  private chain: Promise<void> = Promise.resolve()
  private failure: { error: unknown } | undefined
  private fh: FileHandle | undefined

  constructor(private readonly path: string) {}

  /** Bytes [0, to) of the file are complete: hash what is new of them, in the background. */
  advance(to: number): void {
    this.chain = this.chain.then(() => this.readUpTo(to)).catch((error: unknown) => {
      this.failure ??= { error }
    })
  }

  /** The hash of the file's first `size` bytes; the file is closed. */
  async digest(size: number): Promise<string> {
    this.advance(size)
    await this.close()
    if (this.failure) throw this.failure.error
    return this.hash.digest('hex')
  }

  /** Stops (the download failed): waits for a read under way and closes the file. */
  async close(): Promise<void> {
    await this.chain
    const fh = this.fh
    this.fh = undefined
    await fh?.close()
  }

  private async readUpTo(to: number): Promise<void> {
    if (this.failure || to <= this.hashed) return
    this.fh ??= await open(this.path, 'r')
    const fh = this.fh
    await hashBuffers.with(async (buf) => {
      while (this.hashed < to) {
        const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, to - this.hashed), this.hashed)
        if (bytesRead === 0) throw new Error(`${this.path} ends at ${this.hashed} bytes, expected ${to}`)
        this.hash.update(buf.subarray(0, bytesRead))
        this.hashed += bytesRead
      }
    })
  }
}
