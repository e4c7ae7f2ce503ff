// Message text with entities. Offsets and lengths count UTF-16 code units (JS string length),
// as Telegram's do; emoji and other non-BMP characters sit before and inside entity ranges.
import type { Entity, EntityType } from '../../model/types.ts'
import type { Rng } from './hash.ts'

const WORDS = [
  'archive', 'vault', 'note', 'message', 'telegram', 'export', 'obsidian', 'link', 'photo', 'today',
  'tomorrow', 'release', 'build', 'test', 'coffee', 'meeting', 'draft', 'review', 'ship', 'fix',
  'привет', 'мир', 'спасибо', '你好', '世界', 'مرحبا', 'café', 'naïve', 'Zürich', 'smörgåsbord',
]
/** Mostly outside the BMP (surrogate pairs), some with modifiers and ZWJ sequences. */
const EMOJI = ['😀', '🎉', '👍🏽', '🇺🇦', '👨‍👩‍👧', '🦊', '🚀', '💾', '🧪', '𝔘𝔫𝔦', '☕', '✨', '❤️']
const HOSTILE = [
  '---\ntitle: pwned\n---',
  'see ![[x]] and [[y]]',
  'block ref ^m5 here',
  '<b>not bold</b> <script>alert(1)</script>',
  '# h\n## not a heading',
  '> not a quote\n- not a list\n| a | b |',
  '%%hidden%% $$math$$ ==mark== `tick',
  '*stars* _under_ ~~strike~~ \\back\\slash',
]
const LANGS = ['ts', 'python', 'rust', '', 'sh']
const URLS = ['https://example.com/a?b=c&d=e', 'https://t.me/sim_news/3', 'http://пример.рф/путь', 'https://example.org/(paren)']

export interface TextContext {
  /** users that can be mentioned: [id, display name, username?] */
  people: { id: number; name: string; username?: string }[]
}

export interface Formatted {
  text: string
  entities: Entity[]
}

class Builder {
  text = ''
  entities: Entity[] = []
  add(s: string): this {
    this.text += s
    return this
  }
  wrap(type: EntityType, s: string, extra: Partial<Entity> = {}): this {
    this.entities.push({ type, offset: this.text.length, length: s.length, ...extra })
    this.text += s
    return this
  }
  done(): Formatted {
    // Telegram lists entities by offset, an enclosing one before what it encloses
    this.entities.sort((a, b) => a.offset - b.offset || b.length - a.length)
    return { text: this.text, entities: this.entities }
  }
}

export function words(rng: Rng, n: number): string {
  const out: string[] = []
  for (let i = 0; i < n; i++) out.push(rng.chance(0.08) ? rng.pick(EMOJI) : rng.pick(WORDS))
  return out.join(' ')
}

export function plainText(rng: Rng): Formatted {
  const s = words(rng, rng.range(1, 18))
  return { text: rng.chance(0.3) ? `${rng.pick(EMOJI)} ${s}` : s, entities: [] }
}

export function hostileText(rng: Rng): Formatted {
  return { text: rng.pick(HOSTILE), entities: [] }
}

/** A few formatted spans from the full set of entity kinds. */
export function formattedText(rng: Rng, ctx: TextContext): Formatted {
  const b = new Builder()
  if (rng.chance(0.5)) b.add(`${rng.pick(EMOJI)} `)
  const spans = rng.range(1, 4)
  for (let i = 0; i < spans; i++) {
    if (i > 0) b.add(rng.chance(0.2) ? '\n' : ' ')
    addSpan(b, rng, ctx)
    if (rng.chance(0.5)) b.add(` ${words(rng, rng.range(1, 5))}`)
  }
  return b.done()
}

function addSpan(b: Builder, rng: Rng, ctx: TextContext): void {
  switch (rng.int(17)) {
    case 0: b.wrap('bold', `${rng.pick(EMOJI)} ${words(rng, 2)}`); break
    case 1: b.wrap('italic', words(rng, 3)); break
    case 2: b.wrap('underline', words(rng, 2)); break
    case 3: b.wrap('strike', words(rng, 2)); break
    case 4: b.wrap('spoiler', `${words(rng, 2)} ${rng.pick(EMOJI)}`); break
    case 5: b.wrap('code', 'npm run build'); break
    case 6: b.add('\n').wrap('pre', 'const x = 1\nconsole.log(`${x} 🚀`)', { language: rng.pick(LANGS) }).add('\n'); break
    case 7: b.wrap('text_link', words(rng, 2), { url: rng.pick(URLS) }); break
    case 8: b.wrap('url', rng.pick(URLS)); break
    case 9: {
      const p = ctx.people.filter((x) => x.username)
      if (p.length) b.wrap('mention', `@${rng.pick(p).username}`)
      else b.add(words(rng, 1))
      break
    }
    case 10: {
      const p = rng.pick(ctx.people)
      b.wrap('mention_name', p.name, { userId: p.id })
      break
    }
    case 11: b.wrap('hashtag', rng.pick(['#release', '#тест', '#v2_0'])); break
    case 12: b.wrap('custom_emoji', rng.pick(EMOJI), { documentId: String(5_000_000_000_000 + rng.int(1000)) }); break
    case 13: {
      // blockquote with formatting inside it; sometimes collapsed (expandable)
      const start = b.text.length
      b.add(`${words(rng, 3)} `).wrap('bold', `${rng.pick(EMOJI)}${words(rng, 1)}`).add(`\n${words(rng, 4)}`)
      const q: Entity = { type: 'blockquote', offset: start, length: b.text.length - start }
      if (rng.chance(0.4)) q.collapsed = true
      b.entities.push(q)
      break
    }
    case 14: {
      // nested: italic inside bold
      const start = b.text.length
      b.add(`${words(rng, 1)} `).wrap('italic', `${words(rng, 1)} ${rng.pick(EMOJI)}`)
      b.entities.push({ type: 'bold', offset: start, length: b.text.length - start })
      break
    }
    case 15: b.wrap('email', 'sim@example.com'); break
    default: b.wrap('bot_command', '/start'); break
  }
}
