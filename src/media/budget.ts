// Bytes of file parts asked for and not yet answered, shared by every file of a run (issue 11).
// The stall timer of a part starts once the part has its share of the budget, so a part waiting its
// turn behind other files is never taken for a stalled one; and the budget bounds what parts in
// flight can hold in memory.

export class ByteBudget {
  private available: number
  private readonly waiters: { bytes: number; go: () => void }[] = []

  constructor(readonly max: number) {
    this.available = max
  }

  /** Waits (first come, first served) until `bytes` are free; a part larger than the budget takes all of it. */
  async acquire(bytes: number, signal?: AbortSignal): Promise<number> {
    const need = Math.min(bytes, this.max)
    signal?.throwIfAborted()
    if (this.waiters.length === 0 && this.available >= need) {
      this.available -= need
      return need
    }
    await new Promise<void>((resolve, reject) => {
      const waiter = { bytes: need, go: () => { signal?.removeEventListener('abort', stop); resolve() } }
      const stop = () => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1)
        reject(signal!.reason)
        this.pump()
      }
      signal?.addEventListener('abort', stop, { once: true })
      this.waiters.push(waiter)
    })
    return need
  }

  release(bytes: number): void {
    this.available += bytes
    this.pump()
  }

  private pump(): void {
    while (this.waiters.length > 0 && this.waiters[0]!.bytes <= this.available) {
      const w = this.waiters.shift()!
      this.available -= w.bytes
      w.go()
    }
  }
}
