// Server message ids: time-based (unix seconds in the high 32 bits), strictly increasing, and
// ≡ 1 mod 4 as MTProto requires for server messages that answer the client (mtcute ignores even ids).

export class MsgIdGenerator {
  private last = 0n

  next(): bigint {
    const now = Date.now()
    const seconds = BigInt(Math.floor(now / 1000))
    // sub-second part scaled to 32 bits, low two bits forced to 01
    const fraction = BigInt(Math.floor(((now % 1000) / 1000) * 0x100000000)) & ~3n
    let id = (seconds << 32n) | fraction | 1n
    if (id <= this.last) id = this.last + 4n
    this.last = id
    return id
  }
}
