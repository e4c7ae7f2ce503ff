// The lean reader's strings must be mtcute's strings, byte for byte, whatever the server sends.
import { TlBinaryReader, TlBinaryWriter, __tlReaderMap } from '@mtcute/core/utils.js'
import { describe, expect, it } from 'vitest'
import { readingAnswer, skipBytes, text } from './wire.ts'
import { Rng } from './test-random-tl.ts'

/** A TL bytes field holding `b`, twice (to read it both ways), then a marker. */
function field(b: Uint8Array): Uint8Array {
  const w = TlBinaryWriter.manual(2 * (b.length + 8) + 4)
  w.bytes(b)
  w.bytes(b)
  w.int(0x5a5a5a5a)
  return w.result()
}

describe('text and skipBytes', () => {
  it('read random bytes (bad UTF-8, BOMs, both length forms) as mtcute\'s reader does', () => {
    const rng = new Rng(7)
    const tricky = [0x00, 0x41, 0x7f, 0x80, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xbb, 0xf0, 0xf4, 0xf5, 0xff]
    for (let t = 0; t < 20_000; t++) {
      const n = rng.pick([0, 1, 2, 3, 5, 8, 40, 253, 254, 300])
      const b = Uint8Array.from({ length: n }, () => (rng.chance(0.7) ? rng.pick(tricky) : rng.int(256)))
      if (n >= 3 && rng.chance(0.2)) b.set([0xef, 0xbb, 0xbf])
      const bytes = field(b)
      const mine = new TlBinaryReader(__tlReaderMap, bytes)
      const theirs = new TlBinaryReader(__tlReaderMap, bytes)
      readingAnswer(bytes)
      expect(text(mine)).toBe(theirs.string())
      expect(mine.pos).toBe(theirs.pos)
      skipBytes(mine)
      theirs.bytes()
      expect(mine.pos).toBe(theirs.pos)
      expect(mine.int()).toBe(0x5a5a5a5a)
    }
  })
})
