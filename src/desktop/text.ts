// Desktop's text parts ({type, text, href...} or bare strings) -> plain text + UTF-16 entities.
import type { Entity, EntityType, FormattedText } from '../model/types.ts'
import { DesktopExportError } from './errors.ts'
import { isObject, typeName, type Json } from './json.ts'

/** Desktop part type -> model entity type; 'plain' (and bare strings) carry no entity. */
const ENTITY_TYPES: Record<string, EntityType> = {
  bold: 'bold',
  italic: 'italic',
  underline: 'underline',
  strikethrough: 'strike',
  spoiler: 'spoiler',
  code: 'code',
  pre: 'pre',
  text_link: 'text_link',
  link: 'url',
  email: 'email',
  phone: 'phone',
  mention: 'mention',
  mention_name: 'mention_name',
  hashtag: 'hashtag',
  cashtag: 'cashtag',
  bot_command: 'bot_command',
  bank_card: 'bank_card',
  custom_emoji: 'custom_emoji',
  blockquote: 'blockquote',
  expandable_blockquote: 'blockquote',
  unknown: 'unknown',
}

/**
 * Rebuilds text and entities from a message. `text_entities` (newer exports: always an array of
 * objects) wins over `text` (a string, or a mixed array in older exports) when present.
 * Offsets and lengths are JS string lengths, i.e. UTF-16 code units as Telegram counts them.
 */
export function parseText(text: Json | undefined, textEntities: Json | undefined, where: string): FormattedText {
  if (text !== undefined && text !== null && typeof text !== 'string' && !Array.isArray(text)) {
    throw new DesktopExportError(`${where}: field "text" should be a string or an array, got ${typeName(text)}`)
  }
  const source = Array.isArray(textEntities) ? textEntities : text
  if (source === undefined || source === null) return { text: '', entities: [] }
  if (typeof source === 'string') return { text: source, entities: [] }
  if (!Array.isArray(source)) {
    throw new DesktopExportError(`${where}: field "text" should be a string or an array, got ${typeName(source)}`)
  }
  let out = ''
  const entities: Entity[] = []
  source.forEach((part, i) => {
    if (typeof part === 'string') {
      out += part
      return
    }
    if (!isObject(part)) throw new DesktopExportError(`${where}: text part ${i} should be a string or an object, got ${typeName(part)}`)
    const partText = part.text
    if (typeof partText !== 'string') throw new DesktopExportError(`${where}: text part ${i} field "text" should be a string, got ${typeName(partText)}`)
    const type = typeof part.type === 'string' ? part.type : 'plain'
    const offset = out.length
    out += partText
    if (type === 'plain' || partText.length === 0) return
    // own keys only: a part of type "toString" found a function, not an entity type
    const entity: Entity = { type: Object.hasOwn(ENTITY_TYPES, type) ? ENTITY_TYPES[type]! : 'unknown', offset, length: partText.length }
    if (type === 'text_link' && typeof part.href === 'string') entity.url = part.href
    if (type === 'pre' && typeof part.language === 'string' && part.language !== '') entity.language = part.language
    if (type === 'mention_name') {
      const id = Number(part.user_id)
      if (part.user_id !== undefined && part.user_id !== null && Number.isFinite(id)) entity.userId = id
    }
    if (type === 'custom_emoji' && (typeof part.document_id === 'string' || typeof part.document_id === 'number')) {
      entity.documentId = String(part.document_id)
    }
    if (type === 'expandable_blockquote' || (type === 'blockquote' && part.collapsed === true)) entity.collapsed = true
    entities.push(entity)
  })
  return { text: out, entities }
}
