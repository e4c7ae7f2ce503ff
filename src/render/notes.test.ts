import { describe, expect, it } from 'vitest'
import type { Chat } from '../model/types.ts'
import { renderIndexNote, renderPeriodHeader } from './notes.ts'
import { yamlString } from './escape.ts'

const chat: Chat = { id: 100, kind: 'channel', title: 'Space "News"\n---\nevil: true', username: 'news' }

describe('renderIndexNote', () => {
  const md = renderIndexNote({
    chat,
    exportedAt: '2024-02-01T10:00:00.000Z',
    messageCount: 42,
    firstId: 1,
    lastId: 50,
    notes: [{ label: '2024-01', path: 'News (100)/2024/2024-01' }],
    topics: [{ topic: { id: 3, title: 'Ops | [x]', iconEmoji: '🛠', closed: true }, path: 'News (100)/Ops (3)/Ops', messageCount: 5 }],
  })

  it('writes the frontmatter of the vault contract, with hostile titles quoted', () => {
    const fm = md.split('\n---\n')[0]!.split('\n')
    expect(fm).toEqual([
      '---',
      'tg_id: 100',
      'tg_type: channel',
      'tg_title: "Space \\"News\\"\\n---\\nevil: true"',
      'tg_username: "news"',
      'exported_at: "2024-02-01T10:00:00.000Z"',
      'message_count: 42',
      'first_id: 1',
      'last_id: 50',
    ])
  })

  it('has one heading and links to period and topic notes', () => {
    expect(md).toContain('\n# Space "News" --- evil: true\n')
    expect(md).toContain('- [[News (100)/2024/2024-01|2024-01]]')
    expect(md).toContain('- [[News (100)/Ops (3)/Ops|🛠 Ops ¦ (x)]] (5 messages · closed)')
  })

  it('leaves out first/last id and username when unknown', () => {
    const out = renderIndexNote({ chat: { id: 1, kind: 'private', title: 'Bob' }, exportedAt: 'x', messageCount: 0, notes: [] })
    expect(out).not.toMatch(/first_id|last_id|tg_username/)
  })
})

describe('renderPeriodHeader', () => {
  it('writes a tiny frontmatter with the zone and the snippet class, a heading and the zone', () => {
    expect(renderPeriodHeader({ chat, topic: { id: 3, title: 'Ops' }, period: '2024-01', timeZone: 'Europe/Berlin' })).toBe(
      '---\ntg_chat_id: 100\nperiod: "2024-01"\ntg_topic_id: 3\ntime_zone: "Europe/Berlin"\ncssclasses:\n  - tobs\n---\n' +
        '# Space "News" --- evil: true / Ops · 2024-01\n\n*Times in Europe/Berlin*\n\n',
    )
  })
})

describe('renderIndexNote of a forum topic', () => {
  it('carries tg_topic_id, first_id, last_id, message_count and the zone like a chat index note, and counts per note', () => {
    const md = renderIndexNote({
      chat: { id: 9, kind: 'forum', title: 'Forum' }, topic: { id: 3, title: 'Ops' }, exportedAt: 'x', timeZone: 'Asia/Tokyo',
      messageCount: 137, firstId: 4, lastId: 900, notes: [{ label: 'All messages', path: 'Forum (9)/Ops (3)/messages', messageCount: 137 }],
    })
    const fm = md.split('\n---\n')[0]!.split('\n')
    expect(fm).toEqual(['---', 'tg_id: 9', 'tg_type: forum', 'tg_title: "Forum"', 'tg_topic_id: 3', 'tg_topic_title: "Ops"',
      'exported_at: "x"', 'message_count: 137', 'first_id: 4', 'last_id: 900', 'time_zone: "Asia/Tokyo"'])
    expect(md).toContain('\n# Ops\n')
    expect(md).toContain('- [[Forum (9)/Ops (3)/messages|All messages]] (137 messages)')
  })
})

describe('yamlString', () => {
  it('escapes what YAML rejects and replaces lone surrogates', () => {
    expect(yamlString('a\u0085b\ud800c')).toBe('"a\\u0085b\uFFFDc"')
  })
})
