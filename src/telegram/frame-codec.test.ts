import { TransportError } from '@mtcute/core'
import { describe, expect, it } from 'vitest'
import { StreamingIntermediateCodec, type FrameSource } from './frame-codec.ts'

/** Bytes that arrive in pieces, read the way fuman's FramedReader hands them to a codec. */
class Arriving implements FrameSource {
  private data = new Uint8Array(0)
  private pos = 0
  push(b: Uint8Array): void {
    const rest = this.data.subarray(this.pos)
    this.data = new Uint8Array(rest.length + b.length)
    this.data.set(rest)
    this.data.set(b, rest.length)
    this.pos = 0
  }
  get available(): number { return this.data.length - this.pos }
  readSync(n: number): Uint8Array {
    const out = this.data.subarray(this.pos, Math.min(this.data.length, this.pos + n))
    this.pos += out.length
    return out
  }
}

function frame(body: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + body.length)
  new DataView(out.buffer).setUint32(0, body.length, true)
  out.set(body, 4)
  return out
}

const body = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff)

describe('StreamingIntermediateCodec', () => {
  it('assembles frames split across reads and several frames in one read', () => {
    const codec = new StreamingIntermediateCodec()
    const src = new Arriving()
    const a = body(70_000, 1)
    const b = body(24, 2)
    const wire = new Uint8Array([...frame(a), ...frame(b)])
    const got: Uint8Array[] = []
    for (let at = 0; at < wire.length; at += 16_384) {
      src.push(wire.subarray(at, at + 16_384))
      for (let f = codec.decode(src, false); f; f = codec.decode(src, false)) got.push(f.slice())
    }
    expect(got.map((f) => f.length)).toEqual([a.length, b.length])
    expect(Buffer.from(got[0]!).equals(Buffer.from(a))).toBe(true)
    expect(Buffer.from(got[1]!).equals(Buffer.from(b))).toBe(true)
  })

  it('reuses its buffer for encrypted frames and copies unencrypted ones', () => {
    const codec = new StreamingIntermediateCodec()
    const src = new Arriving()
    src.push(frame(body(64, 5)))
    const first = codec.decode(src, false)!
    src.push(frame(body(64, 9)))
    const second = codec.decode(src, false)!
    expect(second.buffer).toBe(first.buffer)
    const plain = body(64, 0)
    plain.fill(0, 0, 8) // auth key id 0: a message of the key exchange
    src.push(frame(plain))
    const third = codec.decode(src, false)!
    expect(third.buffer).not.toBe(first.buffer)
    src.push(frame(body(64, 3)))
    codec.decode(src, false)
    expect(Buffer.from(third).equals(Buffer.from(plain))).toBe(true)
  })

  it('throws a transport error for a 4-byte frame', () => {
    const codec = new StreamingIntermediateCodec()
    const src = new Arriving()
    const err = new Uint8Array(8)
    new DataView(err.buffer).setUint32(0, 4, true)
    new DataView(err.buffer).setInt32(4, -404, true)
    src.push(err)
    expect(() => codec.decode(src, false)).toThrow(TransportError)
  })
})
