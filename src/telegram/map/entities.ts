// TL message entities -> model Entities (offsets and lengths stay in UTF-16 code units, as Telegram sends them).
import type { tl } from '@mtcute/core'
import type { Entity, FormattedText } from '../../model/types.ts'
import { longString } from './convert.ts'

export function mapEntities(ents: tl.TypeMessageEntity[] | undefined): Entity[] {
  const out: Entity[] = []
  if (!ents) return out
  for (let i = 0; i < ents.length; i++) out.push(mapEntity(ents[i]!))
  return out
}

export function mapEntity(e: tl.TypeMessageEntity): Entity {
  const offset = e.offset
  const length = e.length
  switch (e._) {
    case 'messageEntityBold': return { type: 'bold', offset, length }
    case 'messageEntityItalic': return { type: 'italic', offset, length }
    case 'messageEntityUnderline': return { type: 'underline', offset, length }
    case 'messageEntityStrike': return { type: 'strike', offset, length }
    case 'messageEntitySpoiler': return { type: 'spoiler', offset, length }
    case 'messageEntityCode': return { type: 'code', offset, length }
    case 'messageEntityPre':
      return e.language ? { type: 'pre', offset, length, language: e.language } : { type: 'pre', offset, length }
    case 'messageEntityTextUrl': return { type: 'text_link', offset, length, url: e.url }
    case 'messageEntityUrl': return { type: 'url', offset, length }
    case 'messageEntityEmail': return { type: 'email', offset, length }
    case 'messageEntityPhone': return { type: 'phone', offset, length }
    case 'messageEntityMention': return { type: 'mention', offset, length }
    case 'messageEntityMentionName': return { type: 'mention_name', offset, length, userId: e.userId }
    case 'inputMessageEntityMentionName': {
      // inputUserSelf / inputUserEmpty carry no id; the span stays a mention without a target.
      const u = e.userId
      return u._ === 'inputUser' || u._ === 'inputUserFromMessage'
        ? { type: 'mention_name', offset, length, userId: u.userId }
        : { type: 'mention_name', offset, length }
    }
    case 'messageEntityHashtag': return { type: 'hashtag', offset, length }
    case 'messageEntityCashtag': return { type: 'cashtag', offset, length }
    case 'messageEntityBotCommand': return { type: 'bot_command', offset, length }
    case 'messageEntityBankCard': return { type: 'bank_card', offset, length }
    case 'messageEntityCustomEmoji':
      return { type: 'custom_emoji', offset, length, documentId: longString(e.documentId) }
    case 'messageEntityBlockquote':
      return e.collapsed ? { type: 'blockquote', offset, length, collapsed: true } : { type: 'blockquote', offset, length }
    default:
      // formattedDate, diff*, unknown and constructors from later layers: keep the span, lose the meaning.
      return { type: 'unknown', offset, length }
  }
}

/** textWithEntities (poll questions and answers, to-do items, gift messages) -> FormattedText. */
export function mapFormatted(t: tl.TypeTextWithEntities): FormattedText {
  return { text: t.text, entities: mapEntities(t.entities) }
}
