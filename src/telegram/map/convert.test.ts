import { describe, expect, it } from 'vitest'
import Long from 'long'
import { longString, longValue, snakeName } from './convert.ts'
import { encodeFileRef, parseFileRef } from './file-ref.ts'

describe('convert', () => {
  it('writes longs as Long#toString does, signed extremes included', () => {
    for (const s of ['0', '1', '-1', '-42', '4294967295', '4294967296', '9223372036854775807', '-9223372036854775808', '5368324170671202286']) {
      expect(longString(Long.fromString(s))).toBe(s)
    }
  })

  it('keeps safe longs as numbers and big ones as strings', () => {
    expect(longValue(Long.fromNumber(123))).toBe(123)
    expect(longValue(Long.fromString('9007199254740993'))).toBe('9007199254740993')
  })

  it('snake-cases constructor names once and caches them', () => {
    expect(snakeName('messageActionSetMessagesTTL', 'messageAction')).toBe('set_messages_ttl')
    expect(snakeName('messageMediaVideoStream', 'messageMedia')).toBe('video_stream')
    expect(snakeName('messageActionEmpty', 'messageAction')).toBe('empty')
  })

  it('encodes file refs exactly as JSON.stringify would', () => {
    const r = { t: 'doc' as const, id: '-5', accessHash: '77', fileReference: 'AAE+/w==', dcId: 2, thumbSize: 'a"b' }
    expect(encodeFileRef(r)).toBe(JSON.stringify(r))
    expect(parseFileRef(encodeFileRef(r))).toEqual(r)
  })
})
