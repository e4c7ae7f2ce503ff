import { describe, expect, it } from 'vitest'
import Long from 'long'
import type { tl } from '@mtcute/core'
import { mapEntities } from './entities.ts'
import { constructorsOf, stubTl } from './test-stub.ts'

describe('mapEntities', () => {
  it('maps undefined to an empty list', () => {
    expect(mapEntities(undefined)).toEqual([])
  })

  it('keeps UTF-16 offsets over non-BMP text', () => {
    // "😀 bold 🎉" — each emoji is two UTF-16 code units, so "bold" starts at 3
    const text = '😀 bold 🎉'
    const ents = mapEntities([stubTl<tl.RawMessageEntityBold>('messageEntityBold', { offset: 3, length: 4 })])
    expect(ents).toEqual([{ type: 'bold', offset: 3, length: 4 }])
    expect(text.slice(ents[0]!.offset, ents[0]!.offset + ents[0]!.length)).toBe('bold')
  })

  it('maps the argument-carrying entities', () => {
    const ents = mapEntities([
      stubTl('messageEntityPre', { offset: 0, length: 5, language: 'ts' }),
      stubTl('messageEntityPre', { offset: 0, length: 5, language: '' }),
      stubTl('messageEntityTextUrl', { offset: 1, length: 2, url: 'https://x.y' }),
      stubTl('messageEntityMentionName', { offset: 2, length: 3, userId: 42 }),
      stubTl('inputMessageEntityMentionName', { offset: 2, length: 3, userId: { _: 'inputUser', userId: 43, accessHash: Long.ZERO } }),
      stubTl('inputMessageEntityMentionName', { offset: 2, length: 3, userId: { _: 'inputUserSelf' } }),
      stubTl('messageEntityCustomEmoji', { offset: 4, length: 2, documentId: Long.fromString('5368324170671202286') }),
      stubTl('messageEntityBlockquote', { offset: 0, length: 9, collapsed: true }),
      stubTl('messageEntityBlockquote', { offset: 0, length: 9 }),
    ] as tl.TypeMessageEntity[])
    expect(ents).toEqual([
      { type: 'pre', offset: 0, length: 5, language: 'ts' },
      { type: 'pre', offset: 0, length: 5 },
      { type: 'text_link', offset: 1, length: 2, url: 'https://x.y' },
      { type: 'mention_name', offset: 2, length: 3, userId: 42 },
      { type: 'mention_name', offset: 2, length: 3, userId: 43 },
      { type: 'mention_name', offset: 2, length: 3 },
      { type: 'custom_emoji', offset: 4, length: 2, documentId: '5368324170671202286' },
      { type: 'blockquote', offset: 0, length: 9, collapsed: true },
      { type: 'blockquote', offset: 0, length: 9 },
    ])
  })

  it('maps every entity constructor of the schema to its type', () => {
    const expected: Record<string, string> = {
      messageEntityUnknown: 'unknown', messageEntityMention: 'mention', messageEntityHashtag: 'hashtag',
      messageEntityBotCommand: 'bot_command', messageEntityUrl: 'url', messageEntityEmail: 'email',
      messageEntityBold: 'bold', messageEntityItalic: 'italic', messageEntityCode: 'code', messageEntityPre: 'pre',
      messageEntityTextUrl: 'text_link', messageEntityMentionName: 'mention_name', inputMessageEntityMentionName: 'mention_name',
      messageEntityPhone: 'phone', messageEntityCashtag: 'cashtag', messageEntityUnderline: 'underline',
      messageEntityStrike: 'strike', messageEntityBankCard: 'bank_card', messageEntitySpoiler: 'spoiler',
      messageEntityCustomEmoji: 'custom_emoji', messageEntityBlockquote: 'blockquote',
      messageEntityFormattedDate: 'unknown', messageEntityDiffInsert: 'unknown', messageEntityDiffReplace: 'unknown',
      messageEntityDiffDelete: 'unknown',
    }
    const names = constructorsOf('MessageEntity')
    expect(names.length).toBe(Object.keys(expected).length)
    for (const name of names) {
      const [e] = mapEntities([stubTl(name, { offset: 1, length: 2 }, { full: true }) as tl.TypeMessageEntity])
      expect(e, name).toMatchObject({ type: expected[name], offset: 1, length: 2 })
    }
  })
})
