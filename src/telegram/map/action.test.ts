import { describe, expect, it } from 'vitest'
import Long from 'long'
import type { tl } from '@mtcute/core'
import { mapAction } from './action.ts'
import { PeerIndex } from './peers.ts'
import { constructorsOf, stubTl } from './test-stub.ts'

const peers = PeerIndex.from(
  [
    stubTl<tl.RawUser>('user', { id: 1, firstName: 'Ann' }),
    stubTl<tl.RawUser>('user', { id: 2, firstName: 'Bob', lastName: 'Stone' }),
    stubTl<tl.RawUser>('user', { id: 7, firstName: 'Seven' }),
  ],
  [stubTl<tl.RawChannel>('channel', { id: 7, title: 'Chan Seven', broadcast: true })],
)

// Written independently of the code under test: walk the characters, start a word at each
// capital that follows a lower-case letter or digit, or that starts a capitalized word after an acronym.
function expectedSnake(name: string): string {
  const rest = name.slice('messageAction'.length)
  let out = ''
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i]!
    const prev = rest[i - 1]
    const next = rest[i + 1]
    const upper = c >= 'A' && c <= 'Z'
    if (upper && i > 0) {
      const prevLowerOrDigit = prev !== undefined && !(prev >= 'A' && prev <= 'Z')
      const acronymEnd = prev !== undefined && prev >= 'A' && prev <= 'Z' && next !== undefined && next >= 'a' && next <= 'z'
      if (prevLowerOrDigit || acronymEnd) out += '_'
    }
    out += c.toLowerCase()
  }
  return out
}

function assertFlat(a: { values?: Record<string, unknown>; users?: unknown; userIds?: unknown }, label: string): void {
  for (const [k, v] of Object.entries(a.values ?? {})) {
    expect(['string', 'number', 'boolean'], `${label}.${k}`).toContain(typeof v)
    expect(k, label).not.toBe('_')
  }
  expect(JSON.parse(JSON.stringify(a)), label).toEqual(a)
}

describe('mapAction', () => {
  const names = constructorsOf('MessageAction')

  it('covers all 67 MessageAction constructors of layer 227', () => {
    expect(names.length).toBe(67)
  })

  it('names tricky constructors as the convention says', () => {
    expect(expectedSnake('messageActionSetMessagesTTL')).toBe('set_messages_ttl')
    expect(mapAction(stubTl('messageActionSetMessagesTTL', { period: 86400 }) as tl.TypeMessageAction, peers))
      .toEqual({ type: 'set_messages_ttl', values: { period: 86400 } })
    expect(mapAction({ _: 'messageActionPinMessage' }, peers)).toEqual({ type: 'pin_message' })
    expect(mapAction({ _: 'messageActionChatCreate', title: 'T', users: [1, 2] }, peers))
      .toEqual({ type: 'chat_create', title: 'T', users: ['Ann', 'Bob Stone'], userIds: [1, 2] })
  })

  for (const full of [false, true]) {
    it(`maps every constructor to its snake name with flat values (${full ? 'all fields' : 'required fields'})`, () => {
      for (const name of names) {
        const raw = stubTl(name, {}, { full }) as tl.TypeMessageAction
        const a = mapAction(raw, peers)
        expect(a.type, name).toBe(expectedSnake(name))
        assertFlat(a, name)
      }
    })
  }

  it('keeps scalars under their mtcute names and turns longs into numbers', () => {
    const a = mapAction(stubTl('messageActionGiftStars', {
      currency: 'USD', amount: Long.fromNumber(499), stars: Long.fromNumber(250), transactionId: 'tx1',
    }) as tl.TypeMessageAction, peers)
    expect(a).toEqual({ type: 'gift_stars', values: { currency: 'USD', amount: 499, stars: 250, transactionId: 'tx1' } })
    const big = mapAction(stubTl('messageActionGameScore', { gameId: Long.fromString('9223372036854775807'), score: 3 }) as tl.TypeMessageAction, peers)
    expect(big.values).toEqual({ gameId: '9223372036854775807', score: 3 })
  })

  it('names single users, peers and requested peers', () => {
    expect(mapAction({ _: 'messageActionChatDeleteUser', userId: 2 }, peers))
      .toEqual({ type: 'chat_delete_user', users: ['Bob Stone'], userIds: [2] })
    expect(mapAction({ _: 'messageActionChangeCreator', newCreatorId: 1 }, peers).users).toEqual(['Ann'])
    const geo = mapAction({
      _: 'messageActionGeoProximityReached', fromId: { _: 'peerUser', userId: 1 }, toId: { _: 'peerChannel', channelId: 7 }, distance: 50,
    }, peers)
    expect(geo.values).toEqual({ fromId: 1, fromName: 'Ann', toId: 7, toName: 'Chan Seven', distance: 50 })
    const req = mapAction({ _: 'messageActionRequestedPeer', buttonId: 1, peers: [{ _: 'peerUser', userId: 7 }] }, peers)
    expect(req).toEqual({ type: 'requested_peer', users: ['Seven'], userIds: [7], values: { buttonId: 1, peersCount: 1 } })
    const sentMe = mapAction({
      _: 'messageActionRequestedPeerSentMe', buttonId: 2,
      peers: [{ _: 'requestedPeerUser', userId: 5, firstName: 'Zed' }, { _: 'requestedPeerChannel', channelId: 6, title: 'C' }],
    }, peers)
    expect(sentMe.values).toEqual({ buttonId: 2, peers: 'Zed, C', peersCount: 2 })
  })

  it('flattens texts, stars amounts, gifts, birthdays, call reasons and topics', () => {
    expect(mapAction({ _: 'messageActionCustomAction', message: 'hello' }, peers).values).toEqual({ message: 'hello' })
    expect(mapAction(stubTl('messageActionGiftPremium', {
      currency: 'EUR', amount: Long.fromNumber(100), days: 30, message: { _: 'textWithEntities', text: 'enjoy', entities: [] },
    }) as tl.TypeMessageAction, peers).values).toEqual({ currency: 'EUR', amount: 100, days: 30, message: 'enjoy' })
    expect(mapAction({
      _: 'messageActionSuggestedPostSuccess', price: { _: 'starsAmount', amount: Long.fromNumber(5), nanos: 500_000_000 },
    }, peers).values).toEqual({ price: 5.5, priceCurrency: 'XTR' })
    expect(mapAction({ _: 'messageActionSuggestBirthday', birthday: { _: 'birthday', day: 3, month: 4 } }, peers).values)
      .toEqual({ birthday: '04-03' })
    const call = mapAction({
      _: 'messageActionPhoneCall', video: true, callId: Long.fromNumber(9), reason: { _: 'phoneCallDiscardReasonMissed' }, duration: 12,
    }, peers)
    expect(call.values).toEqual({ video: true, callId: 9, reason: 'missed', duration: 12 })
    expect(mapAction({ _: 'messageActionTopicEdit', title: 'New', closed: false }, peers))
      .toEqual({ type: 'topic_edit', title: 'New', values: { closed: false } })
    expect(mapAction({ _: 'messageActionBotAllowed', domain: 'example.org' }, peers).values).toEqual({ domain: 'example.org' })
  })

  it('maps a constructor it has never seen by name and scalars alone', () => {
    const raw = { _: 'messageActionBrandNewThing', someCount: 3, label: 'x', big: Long.fromNumber(8), blob: new Uint8Array(2) }
    expect(mapAction(raw as unknown as tl.TypeMessageAction, peers))
      .toEqual({ type: 'brand_new_thing', values: { someCount: 3, label: 'x', big: 8 } })
  })
})
