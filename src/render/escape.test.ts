import { describe, expect, it } from 'vitest'
import { escapeInline, escapeRange, escapeText, flatten, wikiLabel } from './escape.ts'

// Short strings that hit every escape rule, surrogate pairs and line breaks, also at the ends.
const TRICKY = [
  '',
  'plain words',
  '# h',
  '#tag',
  'C# x#',
  '1. a',
  '12) b',
  '3.14',
  '2024.',
  '  \tx',
  '- + > = #',
  'a_b*c~d`e\\f[g]h|i$j<k^l',
  '==x== %%c%% = % ',
  '&amp; &#1; & x&',
  'x\n# y\n- z\n',
  '\n\n1.\n',
  '😀 #😀 a😀b',
  '\ud83d lone \ude00',
  'a\r\nb\u2028c\u2029d',
  '[[x|y]]',
]

describe('escapeRange', () => {
  it('escapes a range as escapeText escapes the same slice, at every start and end', () => {
    for (const base of TRICKY) {
      const s = 'a' + base + base.split('').reverse().join('')
      for (let a = 0; a <= s.length; a++) {
        for (let b = a; b <= s.length; b++) {
          for (const ls of [true, false]) expect(escapeRange(s, a, b, ls), JSON.stringify([s, a, b, ls])).toBe(escapeText(s.slice(a, b), ls))
        }
      }
    }
  })
})

describe('escapeInline and wikiLabel shortcuts', () => {
  it('escapeInline is escapeText of the flattened text', () => {
    for (const s of TRICKY) expect(escapeInline(s), JSON.stringify(s)).toBe(escapeText(flatten(s), false))
  })

  it('wikiLabel flattens and replaces only the characters that end or split a link', () => {
    for (const s of TRICKY) {
      const slow = flatten(s).replace(/\[/g, '(').replace(/\]/g, ')').replace(/\|/g, '¦')
      expect(wikiLabel(s), JSON.stringify(s)).toBe(slow)
    }
  })
})
