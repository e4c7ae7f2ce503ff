// Fixed-size chunks reused by the hashing and copying paths, so a long run does not allocate and
// collect a buffer per read (issue 11 measured a quarter of the media phase in GC of part buffers).
export interface BufferPoolStats {
  chunkSize: number
  capacity: number
  inUse: number
  free: number
  /** inUse / capacity, 0-1 */
  utilization: number
  /** acquires that found no free chunk and allocated one past the capacity */
  misses: number
}

export class BufferPool {
  private readonly free: Buffer[] = []
  private readonly lent = new Set<Buffer>()
  private misses = 0

  constructor(readonly chunkSize: number, private cap: number) {
    this.grow(0)
  }

  get capacity(): number { return this.cap }

  /** A chunk of chunkSize bytes (contents undefined). Past capacity it allocates rather than waits. */
  acquire(): Buffer {
    let b = this.free.pop()
    if (!b) {
      this.misses++
      b = Buffer.allocUnsafeSlow(this.chunkSize)
    }
    this.lent.add(b)
    return b
  }

  /** Takes a chunk back; one that was not lent by this pool, or is returned twice, is an error. */
  release(b: Buffer): void {
    if (!this.lent.delete(b)) throw new Error('buffer was not lent by this pool (or was released twice)')
    if (this.free.length + this.lent.size < this.cap) this.free.push(b)
  }

  /** Runs fn with a chunk and always gives it back. */
  async with<T>(fn: (b: Buffer) => Promise<T>): Promise<T> {
    const b = this.acquire()
    try { return await fn(b) } finally { this.release(b) }
  }

  /** Adds `more` chunks to the capacity and allocates them now. */
  grow(more: number): void {
    this.cap += more
    while (this.free.length + this.lent.size < this.cap) this.free.push(Buffer.allocUnsafeSlow(this.chunkSize))
  }

  /** Lowers the capacity by up to `fewer`, dropping free chunks; lent ones are dropped on release. */
  shrink(fewer: number): void {
    this.cap = Math.max(0, this.cap - fewer)
    while (this.free.length > 0 && this.free.length + this.lent.size > this.cap) this.free.pop()
  }

  stats(): BufferPoolStats {
    return {
      chunkSize: this.chunkSize, capacity: this.cap, inUse: this.lent.size, free: this.free.length,
      utilization: this.cap ? Math.min(1, this.lent.size / this.cap) : 1, misses: this.misses,
    }
  }
}
