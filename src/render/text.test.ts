import { describe, expect, it } from 'vitest'
import type { Entity, EntityType } from '../model/types.ts'
import { quoteLines, renderQuoted, renderText } from './text.ts'
import { testContext } from './test-context.ts'

const ctx = testContext()
const r = (text: string, ...entities: Entity[]): string => renderText({ text, entities }, ctx)
const e = (type: EntityType, offset: number, length: number, extra: Partial<Entity> = {}): Entity => ({ type, offset, length, ...extra })

describe('renderText entities', () => {
  it('renders each style', () => {
    expect(r('a bold b', e('bold', 2, 4))).toBe('a **bold** b')
    expect(r('a it b', e('italic', 2, 2))).toBe('a *it* b')
    expect(r('a un b', e('underline', 2, 2))).toBe('a <u>un</u> b')
    expect(r('a st b', e('strike', 2, 2))).toBe('a ~~st~~ b')
    expect(r('a sp b', e('spoiler', 2, 2))).toBe('a ==sp== b')
  })

  it('survives hostile entities: a lone surrogate in a mention, a type named after an Object key', () => {
    expect(r('@a\ud800b', e('mention', 0, 4))).toContain('https://t.me/a%EF%BF%BDb')
    expect(r('x constructor y', e('constructor' as EntityType, 2, 11))).toBe('x constructor y')
  })

  it('renders code with a fence longer than any backtick run inside', () => {
    expect(r('run ls -l now', e('code', 4, 5))).toBe('run `ls -l` now')
    expect(r('x `a` y', e('code', 0, 7))).toBe('``x `a` y``')
    expect(r('`a`', e('code', 0, 3))).toBe('`` `a` ``')
    expect(r('*raw* [x]', e('code', 0, 9))).toBe('`*raw* [x]`')
  })

  it('renders pre as a fenced block on its own lines with its language', () => {
    const text = 'see:\nconst a = 1\n```\nb\ndone'
    const out = r(text, e('pre', 5, 17, { language: 'ts' }))
    expect(out).toBe('see:\n````ts\nconst a = 1\n```\nb\n````\ndone')
  })

  it('sanitizes a hostile pre language', () => {
    expect(r('x', e('pre', 0, 1, { language: 'js\n# h` x' }))).toBe('```js#hx\nx\n```')
  })

  it('renders links of every kind', () => {
    expect(r('see here', e('text_link', 4, 4, { url: 'https://ex.com/a b(c)' }))).toBe('see [here](https://ex.com/a%20b%28c%29)')
    expect(r('go ex.com/x_y', e('url', 3, 10))).toBe('go [ex.com/x_y](https://ex.com/x_y)')
    expect(r('a@b.co', e('email', 0, 6))).toBe('[a@b.co](mailto:a@b.co)')
    expect(r('+1 555 0100', e('phone', 0, 11))).toBe('[+1 555 0100](tel:+15550100)')
    expect(r('hi Al', e('mention_name', 3, 2, { userId: 7 }))).toBe('hi [Al](tg://user?id=7)')
  })

  it('keeps only http(s), tg and mailto links live: javascript:, file:, obsidian: and others are text (issue 16)', () => {
    for (const url of ['javascript:alert(1)', ' JaVaScRiPt:alert(1)', 'file:///etc/passwd', 'obsidian://open?vault=x', 'data:text/html,x', 'vbscript:x', 'ftp://h/x']) {
      const out = r('click me', e('text_link', 0, 8, { url }))
      expect(out, url).toBe('click me')
    }
    expect(r('javascript:alert(1)', e('url', 0, 19))).toBe('javascript:alert(1)')
    expect(r('x', e('text_link', 0, 1, { url: 'tg://resolve?domain=a' }))).toBe('[x](tg://resolve?domain=a)')
    expect(r('x', e('text_link', 0, 1, { url: 'mailto:a@b.c' }))).toBe('[x](mailto:a@b.c)')
    expect(r('x', e('text_link', 0, 1, { url: 'HTTP://a.b' }))).toBe('[x](HTTP://a.b)')
    expect(r('x', e('text_link', 0, 1, { url: 't.me/a' }))).toBe('[x](https://t.me/a)')
  })

  it('turns a scheme-less text_link into an external link, never a vault link', () => {
    expect(r('x', e('text_link', 0, 1, { url: 'Secret note' }))).toBe('[x](https://Secret%20note)')
  })

  it('links mentions to the chat note when exported, else to t.me', () => {
    expect(r('@news and @bob', e('mention', 0, 5), e('mention', 10, 4))).toBe('[[News (100)/News|@news]] and [@bob](https://t.me/bob)')
  })

  it('turns t.me links to exported messages into wikilinks to the block', () => {
    expect(r('t.me/news/5', e('url', 0, 11))).toBe('[[News (100)/2024/2024-01#^m5|t.me/news/5]]')
    expect(r('post', e('text_link', 0, 4, { url: 'https://t.me/c/200/7?thread=3' }))).toBe('[[Group (200)/2024/2024-01#^m7|post]]')
    expect(r('topic', e('text_link', 0, 5, { url: 'https://t.me/news/3/9' }))).toBe('[[News (100)/2024/2024-01#^m9|topic]]')
    // not exported: message missing, chat unknown
    expect(r('x', e('text_link', 0, 1, { url: 'https://t.me/news/5000' }))).toBe('[x](https://t.me/news/5000)')
    expect(r('x', e('text_link', 0, 1, { url: 'https://t.me/other/5' }))).toBe('[x](https://t.me/other/5)')
  })

  it('keeps hashtags as tags, escapes other special entities', () => {
    expect(r('#news #2024 #tag@chan', e('hashtag', 0, 5), e('hashtag', 6, 5), e('hashtag', 12, 9))).toBe('#news \\#2024 #tag@chan')
    expect(r('$BTC', e('cashtag', 0, 4))).toBe('\\$BTC')
    expect(r('/start_bot', e('bot_command', 0, 10))).toBe('/start_bot')
    expect(r('4111 1111', e('bank_card', 0, 9))).toBe('4111 1111')
    expect(r('a 👍 b', e('custom_emoji', 2, 2, { documentId: '5' }))).toBe('a 👍 b')
    expect(r('odd', e('unknown', 0, 3))).toBe('odd')
  })

  it('renders blockquotes and expandable ones as a folded callout', () => {
    expect(r('before\nquoted\nafter', e('blockquote', 7, 6))).toBe('before\n> quoted\n\nafter')
    expect(r('q1\nq2', e('blockquote', 0, 5, { collapsed: true }))).toBe('> [!quote]-\n> q1\n> q2')
    expect(r('mid quote', e('blockquote', 4, 5))).toBe('mid\n> quote')
    expect(r('a\n\nb', e('blockquote', 0, 4))).toBe('> a\n>\n> b')
  })
})

describe('renderText nesting and boundaries', () => {
  it('nests bold inside italic and a style inside a link', () => {
    expect(r('one two three', e('italic', 0, 13), e('bold', 4, 3))).toBe('*one **two** three*')
    expect(r('see this link', e('text_link', 4, 9, { url: 'https://x.io' }), e('bold', 9, 4))).toBe('see [this **link**](https://x.io)')
  })

  it('closes and reopens overlapping entities so markers nest', () => {
    expect(r('ab cd ef', e('bold', 0, 5), e('italic', 3, 5))).toBe('**ab *cd*** *ef*')
  })

  it('merges adjacent entities of one type', () => {
    expect(r('abcdef', e('bold', 0, 3), e('bold', 3, 3))).toBe('**abcdef**')
    expect(r('abcdef', e('bold', 0, 4), e('bold', 2, 4))).toBe('**abcdef**')
  })

  it('moves markers inside leading and trailing whitespace', () => {
    expect(r('a  bold  b', e('bold', 1, 8))).toBe('a  **bold**  b')
    // an entity over whitespace alone opens nothing
    expect(r('x   ', e('italic', 1, 3))).toBe('x   ')
  })

  it('closes markers at line ends so a blank line cannot break them', () => {
    expect(r('one\n\ntwo', e('bold', 0, 8))).toBe('**one**\n\n**two**')
  })

  it('handles non-BMP characters before and inside entity ranges', () => {
    // 😀 is two UTF-16 units: offsets count units
    expect(r('😀😀 bold', e('bold', 5, 4))).toBe('😀😀 **bold**')
    expect(r('a 😀 b', e('bold', 2, 2))).toBe('a **😀** b')
    // a boundary inside a surrogate pair moves outward, never splitting the character
    expect(r('x😀y', e('bold', 2, 2))).toBe('x**😀y**')
    expect(r('x😀y', e('bold', 0, 2))).toBe('**x😀**y')
  })

  it('ignores empty and out-of-range entities', () => {
    expect(r('abc', e('bold', 1, 0), e('italic', 10, 3), e('bold', -2, 3))).toBe('**a**bc')
  })

  it('renders a link inside a link label as plain text', () => {
    expect(r('go ex.com now', e('text_link', 0, 13, { url: 'https://a.b' }), e('url', 3, 6))).toBe('[go ex.com now](https://a.b)')
  })
})

describe('renderText escaping', () => {
  const cases: [string, string][] = [
    ['---', '\\---'],
    ['--- title: x', '\\--- title: x'],
    ['![[x]]', '!\\[\\[x\\]\\]'],
    ['[[x]]', '\\[\\[x\\]\\]'],
    ['[a](b)', '\\[a\\](b)'],
    ['see ^m12', 'see \\^m12'],
    ['<img src=x>', '\\<img src=x>'],
    ['> [!note]', '\\> \\[!note\\]'],
    ['# heading', '\\# heading'],
    ['#tag', '\\#tag'],
    ['C# is fine', 'C# is fine'],
    ['- list', '\\- list'],
    ['+ list', '\\+ list'],
    ['* list', '\\* list'],
    ['1. list', '1\\. list'],
    ['2) list', '2\\) list'],
    ['2024. year', '2024\\. year'],
    ['3.14 pi', '3.14 pi'],
    ['| a | b |', '\\| a \\| b \\|'],
    ['$x$', '\\$x\\$'],
    ['%%c%%', '\\%%c\\%%'],
    ['50% off', '50% off'],
    ['==h==', '\\==h\\=='],
    ['a = b', 'a = b'],
    ['a_b*c~d`e\\f', 'a_b\\*c\\~d\\`e\\\\f'],
    ['_a_ snake_case __init__', '\\_a\\_ snake_case \\_\\_init\\_\\_'],
    ['@sim_self', '@sim_self'],
    ['x.com/?b=c&d=e&#x41;', 'x.com/?b=c&d=e\\&\\#x41;'],
    ['x.com/#part word #tag', 'x.com/#part word \\#tag'],
    ['&amp; & co', '\\&amp; & co'],
    ['    code?', '\u00a0\u00a0\u00a0\u00a0code?'],
  ]
  for (const [input, output] of cases) {
    it(`escapes ${JSON.stringify(input)}`, () => expect(r(input)).toBe(output))
  }

  it('escapes block syntax at the start of every line, not only the first', () => {
    expect(r('ok\n# h\n- l\n---\n> q\n===')).toBe('ok\n\\# h\n\\- l\n\\---\n\\> q\n\\=\\==')
  })

  it('escapes inside formatted text too', () => {
    expect(r('[[x]] ^m1', e('bold', 0, 9))).toBe('**\\[\\[x\\]\\] \\^m1**')
    expect(r('# not heading', e('bold', 0, 13))).toBe('**# not heading**')
  })

  it('escapes line-start syntax after an entity that ends a line', () => {
    expect(r('a\n- b', e('bold', 0, 1))).toBe('**a**\n\\- b')
  })

  it('keeps text without special characters unchanged', () => {
    const s = 'Just a normal message, with punctuation! And emoji 🎉.'
    expect(r(s)).toBe(s)
  })
})

describe('renderText edges', () => {
  it('drops newlines at both ends, also around entities and fenced blocks', () => {
    expect(r('\n\nab\n\n', e('bold', 2, 2))).toBe('**ab**')
    expect(r('\n\nab\n\n', e('bold', 0, 6))).toBe('**ab**')
    expect(r(' \nab \n', e('italic', 0, 6))).toBe('\u00a0\n*ab* ')
    expect(r('see:\ncode', e('pre', 5, 4))).toBe('see:\n```\ncode\n```')
    expect(r('code\n\n', e('pre', 0, 4))).toBe('```\ncode\n```')
    expect(r('a\n\n😀 #x\n', e('bold', 0, 1), e('code', 3, 2))).toBe('**a**\n\n`😀` \\#x')
    expect(r('\n# h\n')).toBe('\\# h')
    expect(r('x\n', e('strike', 0, 1))).toBe('~~x~~')
  })
})

describe('renderQuoted', () => {
  // a context whose note paths hold a newline: the one way a link can bring a line break
  const odd = testContext({ noteFor: () => 'Odd\nnote', chatNote: () => 'Chat\nnote' })
  const texts: [string, Entity[]][] = [
    ['', []],
    ['one line', []],
    ['\n\ntwo\nlines\n', []],
    ['a\n\nb', [e('bold', 0, 4)]],
    ['bold then plain', [e('bold', 0, 4)]],
    ['x code y', [e('pre', 2, 4)]],
    ['q1\nq2 after', [e('blockquote', 0, 5)]],
    ['see t.me/news/5', [e('url', 4, 11)]],
    ['@news hi', [e('mention', 0, 5)]],
    ['post', [e('text_link', 0, 4, { url: 'https://t.me/news/3' })]],
    ['😀 #tag *x*', [e('hashtag', 3, 4), e('italic', 8, 3)]],
  ]
  it('equals quoteLines of renderText', () => {
    for (const c of [ctx, odd]) {
      for (const [text, entities] of texts) {
        expect(renderQuoted({ text, entities }, c), JSON.stringify(text)).toBe(quoteLines(renderText({ text, entities }, c)))
      }
    }
  })
})
