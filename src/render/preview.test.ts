import { describe, expect, it } from 'vitest'
import { firstWords, isWhitespace } from './preview.ts'

/** firstWords as it was written first: the whole text collapsed, then cut. */
function reference(text: string, max = 60): string {
  const flat = text.replace(/[\r\n\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim()
  if (flat.length <= max) return flat
  let cut = flat.lastIndexOf(' ', max)
  if (cut < max / 2) cut = max
  const c = flat.charCodeAt(cut - 1)
  if (c >= 0xd800 && c <= 0xdbff) cut--
  return flat.slice(0, cut).trimEnd() + '…'
}

describe('firstWords', () => {
  it('knows whitespace as \\s does, for every UTF-16 code unit', () => {
    for (let c = 0; c <= 0xffff; c++) {
      if (isWhitespace(c) !== /\s/.test(String.fromCharCode(c))) throw new Error(`code unit ${c.toString(16)}`)
    }
  })

  it('reads only the start of a long text, and says what reading all of it said', () => {
    const pieces = ['word', 'longerword', 'a', '😀', '😀😀', 'привет', ' ', '  ', '\n', '\r\n', '\u00a0', '\u2028', '\u3000 ', '\t', '\ufeff']
    let seed = 7
    const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n)
    for (let t = 0; t < 3000; t++) {
      let text = ''
      const n = next(90)
      for (let i = 0; i < n; i++) text += pieces[next(pieces.length)]
      for (const max of [60, 10, 3]) expect(firstWords(text, max)).toBe(reference(text, max))
    }
    expect(firstWords('  one two  three\nfour  ')).toBe('one two three four')
    expect(firstWords('x '.repeat(2000))).toBe(reference('x '.repeat(2000)))
  })
})
