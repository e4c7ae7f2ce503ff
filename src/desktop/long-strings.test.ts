import { describe, expect, it } from 'vitest'
import { CUT_MARK, StringCutter } from './long-strings.ts'

/** Feeds `json` in pieces of `size` bytes and parses what comes out. */
function cut(json: string, limit: number, size: number): unknown {
  const c = new StringCutter(limit)
  const bytes = Buffer.from(json)
  const out: Buffer[] = []
  for (let i = 0; i < bytes.length; i += size) out.push(c.filter(bytes.subarray(i, i + size)))
  return JSON.parse(Buffer.concat(out).toString())
}

describe('StringCutter', () => {
  const doc = { id: 1, text: 'a"b\\c\u00e9\ud83d\ude00'.repeat(40), short: 'ok "q"', arr: ['x'.repeat(300), 'y'] }
  const json = JSON.stringify(doc)

  it('leaves strings within the limit as they are, whatever the chunking', () => {
    for (const size of [1, 3, 7, 64, 100000]) expect(cut(json, 1000, size)).toEqual(doc)
  })

  it('cuts longer strings to the limit, keeps them valid JSON and marks them with their size', () => {
    for (const size of [1, 2, 5, 13, 64, 100000]) {
      const got = cut(json, 50, size) as typeof doc
      expect(got.id).toBe(1)
      expect(got.short).toBe('ok "q"')
      expect(got.arr[1]).toBe('y')
      expect(got.arr[0]).toBe('x'.repeat(51) + CUT_MARK + '300')
      expect(got.text.endsWith(CUT_MARK + String(Buffer.byteLength(JSON.stringify(doc.text)) - 2))).toBe(true)
      expect(doc.text.startsWith(got.text.slice(0, got.text.indexOf(CUT_MARK)).slice(0, 20))).toBe(true)
    }
  })
})
