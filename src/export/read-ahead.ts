// Reading a chat's first pages before its turn: chats are exported one after another, and a chat's
// last notes wait for its last files, so the link would idle in every chat's tail. The next chat's
// pages are read into a buffer meanwhile (their files start downloading as they come, see
// MediaQueue.prefetch); nothing is stored until the chat's own export takes the pages, in order,
// so the chats' layouts are settled one after another as before (issue 11).

export class ReadAhead<T> implements AsyncIterable<T> {
  private readonly buffer: T[] = []
  private pulling: Promise<void> = Promise.resolve()
  private failure: { error: unknown } | undefined
  private ended = false
  private stopped = false
  private stop!: () => void
  /** resolves (false) once the chat's turn comes or the run stops: reading ahead waits no longer */
  private readonly stopping = new Promise<false>((resolve) => {
    this.stop = () => resolve(false)
  })

  constructor(private readonly source: AsyncIterator<T>) {}

  static of<T>(items: AsyncIterable<T>): ReadAhead<T> {
    return new ReadAhead(items[Symbol.asyncIterator]())
  }

  /**
   * Reads items into the buffer, telling `onItem` of each, while `more(buffered)` resolves true (it
   * may wait, e.g. for room in the download queue).
   */
  start(more: (buffered: number) => boolean | Promise<boolean>, onItem: (item: T) => void): void {
    this.pulling = (async () => {
      while (!this.stopped && await Promise.race([more(this.buffer.length), this.stopping])) {
        const r = await this.source.next()
        if (r.done) {
          this.ended = true
          return
        }
        this.buffer.push(r.value)
        onItem(r.value)
      }
    })().catch((error: unknown) => {
      // met again by whoever iterates (or dropped by close())
      this.failure = { error }
    })
  }

  /** The buffered items, then the rest from the source. */
  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    this.stopped = true
    this.stop()
    await this.pulling
    try {
      if (this.failure) throw this.failure.error
      while (this.buffer.length) yield this.buffer.shift()!
      if (this.ended) return
      for (;;) {
        const r = await this.source.next()
        if (r.done) return
        yield r.value
      }
    } finally {
      // a consumer that stops early (an error, Ctrl-C) closes the source, as a plain for-await would
      await this.source.return?.(undefined)
    }
  }

  /** Never iterated (the run stopped first): stops reading and closes the source. */
  async close(): Promise<void> {
    this.stopped = true
    this.stop()
    await this.pulling
    this.buffer.length = 0
    await this.source.return?.(undefined)
  }
}

/** The items, with `onEnd` told once the last has been taken (before the caller's next step). */
export async function* thenCall<T>(items: AsyncIterable<T>, onEnd: () => void): AsyncGenerator<T> {
  yield* items
  onEnd()
}
