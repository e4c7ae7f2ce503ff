// The mapping must hold for objects exactly as mtcute's reader builds them, not only for hand-made stubs.
import { describe, expect, it } from 'vitest'
import type { tl } from '@mtcute/core'
import { mapAction } from './action.ts'
import { mapMessage } from './message.ts'
import { PeerIndex } from './peers.ts'
import { mediaByKind } from './test-fixtures.ts'
import { constructorsOf, stubTl, throughMtcute } from './test-stub.ts'

const peers = PeerIndex.from([stubTl<tl.RawUser>('user', { id: 1, firstName: 'Ann' })], [])

describe('objects decoded by mtcute', () => {
  it('map every media kind to the same result as the stubs, and survive JSON', () => {
    for (const [kind, media] of Object.entries(mediaByKind)) {
      const raw = stubTl<tl.RawMessage>('message', {
        id: 5, date: 9, peerId: { _: 'peerChannel', channelId: 100 }, fromId: { _: 'peerUser', userId: 1 }, message: 'x 😀', media,
        entities: [stubTl('messageEntityBold', { offset: 2, length: 2 })],
      })
      const decoded = throughMtcute(raw)
      const m = mapMessage(decoded, peers, { chatId: 100 })!
      expect(m, kind).toStrictEqual(mapMessage(raw, peers, { chatId: 100 }))
      expect(JSON.parse(JSON.stringify(m)), kind).toStrictEqual(m)
    }
  })

  it('map every action with flat values and no undefined entries', () => {
    for (const name of constructorsOf('MessageAction')) {
      const decoded = throughMtcute(stubTl(name, {}, { full: true })) as tl.TypeMessageAction
      const a = mapAction(decoded, peers)
      for (const [k, v] of Object.entries(a.values ?? {})) expect(['string', 'number', 'boolean'], `${name}.${k}`).toContain(typeof v)
      expect(JSON.parse(JSON.stringify(a)), name).toStrictEqual(a)
    }
  })
})
