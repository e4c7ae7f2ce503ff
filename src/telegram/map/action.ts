// TL MessageAction -> ServiceAction, for every constructor, by one generic walk over its fields.
//
// Convention (render/service.ts relies on it):
// - `type` is the constructor name without `messageAction`, in snake_case (messageActionPinMessage -> 'pin_message').
// - `title` holds a `title` argument; `users`/`userIds` hold the users a sentence names
//   (`users` vectors, peer vectors, and the single user of chat_delete_user, new_creator_pending,
//   change_creator, managed_bot_created). chat_joined_by_link's inviter is values `inviterId` + `inviterName`.
// - `values` holds every other argument under its mtcute (camelCase) name, flattened to scalars:
//   strings, numbers and booleans as they are; a 64-bit `long` as a number (a decimal string when it
//   does not fit); a Peer `xId`/`x` as `xId` (bare id) + `xName`; TextWithEntities, PollAnswer, BotApp,
//   TodoItem lists as their text; StarsAmount as stars (with nanos) + `<key>Currency` 'XTR' or 'TON';
//   StarGift as its title (+ `giftStars` / `giftSlug`); Birthday as 'YYYY-MM-DD' or 'MM-DD';
//   other vectors as their items joined by ', ' plus `<key>Count`;
//   enum-like objects (call discard reason, secure value types) as their snake names.
//   Bytes and opaque objects (photos, wallpapers, calls, charges) are left out.
// - `messageId` (the pinned/scored/paid message) comes from the message's reply header, set by mapMessage.
import type Long from 'long'
import type { tl } from '@mtcute/core'
import type { ServiceAction } from '../../model/types.ts'
import { bareId, isLong, isPeer, longValue, snakeName } from './convert.ts'
import type { PeerIndex } from './peers.ts'

type Values = Record<string, string | number | boolean>
type Obj = { _: string; [k: string]: unknown }

// Plain user-id arguments that are not the subject of the action: kept in values, plus `<x>Name`.
const USER_ID_VALUES = new Set(['inviterId'])

// Arguments that name exactly one user, per constructor type.
const SINGLE_USER: Record<string, string> = {
  chat_delete_user: 'userId',
  new_creator_pending: 'newCreatorId',
  change_creator: 'newCreatorId',
  managed_bot_created: 'botId',
}

export function mapAction(a: tl.TypeMessageAction, peers: PeerIndex): ServiceAction {
  const type = snakeName(a._, 'messageAction')
  const out: ServiceAction = { type }
  const values: Values = {}
  const single = SINGLE_USER[type]
  const fields = a as unknown as Record<string, unknown>
  for (const key in fields) {
    if (key === '_') continue
    const v = fields[key]
    if (v === undefined || v === null) continue
    if (key === 'title' && typeof v === 'string') out.title = v
    else if (key === single && typeof v === 'number') addUsers(out, [v], peers)
    else if (key === 'users' && Array.isArray(v)) addUsers(out, v as number[], peers)
    else flatten(values, key, v, out, peers)
    if (typeof v === 'number' && USER_ID_VALUES.has(key)) values[key.slice(0, -2) + 'Name'] = peers.userName(v)
  }
  for (const _k in values) {
    out.values = values
    break
  }
  return out
}

function addUsers(out: ServiceAction, ids: number[], peers: PeerIndex): void {
  const userIds = (out.userIds ??= [])
  const users = (out.users ??= [])
  for (const id of ids) {
    userIds.push(id)
    users.push(peers.userName(id))
  }
}

function flatten(values: Values, key: string, v: unknown, out: ServiceAction, peers: PeerIndex): void {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
    values[key] = v
  } else if (isLong(v)) {
    values[key] = longValue(v)
  } else if (v instanceof Uint8Array) {
    // payloads and hashes mean nothing to a reader
  } else if (Array.isArray(v)) {
    flattenArray(values, key, v, out, peers)
  } else if (typeof v === 'object' && typeof (v as Obj)._ === 'string') {
    flattenObject(values, key, v as Obj, peers)
  }
}

function flattenArray(values: Values, key: string, arr: unknown[], out: ServiceAction, peers: PeerIndex): void {
  if (arr.length === 0) return
  const first = arr[0]
  if (typeof first === 'number' || typeof first === 'string') {
    values[key] = arr.join(', ')
    values[key + 'Count'] = arr.length
    return
  }
  if (typeof first !== 'object' || first === null || typeof (first as Obj)._ !== 'string') return
  const texts: string[] = []
  for (const item of arr as Obj[]) {
    if (isPeer(item)) {
      // peers named by the action (requested peers, call participants) are its users
      ;(out.userIds ??= []).push(bareId(item))
      ;(out.users ??= []).push(peers.name(item))
      continue
    }
    const text = objectText(item)
    if (text !== undefined) texts.push(text)
  }
  if (texts.length) values[key] = texts.join(', ')
  values[key + 'Count'] = arr.length
}

/** The one readable string of a small TL object, if it has one. */
function objectText(o: Obj): string | undefined {
  switch (o._) {
    case 'textWithEntities': return o.text as string
    case 'pollAnswer':
    case 'inputPollAnswer':
    case 'todoItem': {
      const t = (o.text ?? o.title) as { text?: string } | undefined
      return t?.text
    }
    case 'botApp': return o.title as string
    case 'chatTheme': return o.emoticon as string
    case 'requestedPeerUser': {
      const name = [o.firstName, o.lastName].filter(Boolean).join(' ')
      return name || (o.username as string | undefined) || 'User ' + String(o.userId)
    }
    case 'requestedPeerChat': return (o.title as string | undefined) || 'Chat ' + String(o.chatId)
    case 'requestedPeerChannel': return (o.title as string | undefined) || 'Channel ' + String(o.channelId)
    case 'birthday': {
      const mm = String(o.month).padStart(2, '0')
      const dd = String(o.day).padStart(2, '0')
      return o.year ? `${String(o.year)}-${mm}-${dd}` : `${mm}-${dd}`
    }
  }
  if (o._.startsWith('phoneCallDiscardReason')) return snakeName(o._, 'phoneCallDiscardReason')
  if (o._.startsWith('secureValueType')) return snakeName(o._, 'secureValueType')
  return undefined
}

function flattenObject(values: Values, key: string, o: Obj, peers: PeerIndex): void {
  if (isPeer(o)) {
    const base = key.endsWith('Id') ? key.slice(0, -2) : key
    values[base + 'Id'] = bareId(o)
    values[base + 'Name'] = peers.name(o)
    return
  }
  switch (o._) {
    case 'starsAmount':
      values[key] = Number(longValue(o.amount as Long)) + (o.nanos as number) / 1e9
      values[key + 'Currency'] = 'XTR'
      return
    case 'starsTonAmount':
      values[key] = longValue(o.amount as Long)
      values[key + 'Currency'] = 'TON'
      return
    case 'starGift':
      if (o.title) values[key] = o.title as string
      values[key + 'Stars'] = longValue(o.stars as Long)
      return
    case 'starGiftUnique':
      values[key] = `${o.title as string} #${String(o.num)}`
      values[key + 'Slug'] = o.slug as string
      return
    case 'chatThemeUniqueGift': {
      const gift = o.gift as Obj
      if (typeof gift.title === 'string') values[key] = gift.title
      return
    }
  }
  const text = objectText(o)
  if (text !== undefined) values[key] = text
}
