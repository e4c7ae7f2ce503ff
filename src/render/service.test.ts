import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { renderService } from './service.ts'
import { testContext } from './test-context.ts'

const ctx = testContext()

interface TlEntry {
  name: string
  type: string
  arguments: { name: string; type: string }[]
}
const schema = createRequire(import.meta.url)('@mtcute/core/tl/api-schema.json') as { e: TlEntry[] }
const actions = schema.e.filter((e) => e.type === 'MessageAction')

/** messageActionChatCreate -> chat_create (the model's convention) */
function snake(name: string): string {
  return name.replace(/^messageAction/, '').replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()
}
const camel = (s: string): string => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())

/** Values for every simple argument of a constructor, as the TL mapper would give them. */
function sampleValues(e: TlEntry): Record<string, string | number | boolean> {
  const values: Record<string, string | number | boolean> = {}
  for (const a of e.arguments) {
    const t = a.type.replace(/^flags\.\d+\?/, '')
    if (t === '#') continue
    if (t === 'true' || t === 'Bool') values[camel(a.name)] = true
    else if (t === 'int' || t === 'long' || t === 'int53') values[camel(a.name)] = 12
    else if (t === 'string') values[camel(a.name)] = 'XTR'
  }
  return values
}

describe('renderService', () => {
  it('knows the layer it was written for', () => {
    expect(actions.length).toBeGreaterThanOrEqual(67)
    expect(actions.map((a) => a.name)).toContain('messageActionEmpty')
  })

  for (const entry of actions) {
    const type = snake(entry.name)
    it(`has a sentence for ${entry.name} (${type})`, () => {
      for (const action of [
        { type },
        { type, title: 'Title', users: ['Bob', 'Carol'], values: sampleValues(entry), messageId: 3 },
      ]) {
        const s = renderService(action, ctx, 'Alice', 100)
        expect(s).not.toMatch(/^service message:/)
        expect(s).not.toMatch(/undefined|NaN|\[object|messageAction/)
        expect(s.trim().length).toBeGreaterThan(0)
      }
    })
  }

  it('links the pinned message when it is in the vault', () => {
    expect(renderService({ type: 'pin_message', messageId: 3 }, ctx, 'Alice', 100)).toBe('Alice pinned [[News (100)/2024/2024-01#^m3|a message]]')
    expect(renderService({ type: 'pin_message', messageId: 5000 }, ctx, 'Alice', 100)).toBe('Alice pinned a message')
  })

  it('writes readable sentences', () => {
    expect(renderService({ type: 'chat_create', title: 'Team', users: ['Bob'] }, ctx, 'Alice')).toBe('Alice created the group «Team» with Bob')
    expect(renderService({ type: 'chat_add_user', userIds: [7, 8] }, ctx, 'Zed')).toBe('Zed added Alice and user 8')
    expect(renderService({ type: 'chat_add_user', users: ['Zed'] }, ctx, 'Zed')).toBe('Zed joined the group')
    expect(renderService({ type: 'set_messages_ttl', values: { period: 86400 } }, ctx, 'Al')).toBe('Al set messages to auto-delete after 1 day')
    expect(renderService({ type: 'payment_sent', values: { totalAmount: 1250, currency: 'USD' } }, ctx)).toBe('Payment sent for 12.50 USD for an invoice')
    expect(renderService({ type: 'phone_call', values: { duration: 75, video: true } }, ctx)).toBe('Video call (1:15)')
    expect(renderService({ type: 'topic_edit', values: { closed: true } }, ctx, 'Al')).toBe('Al closed the topic')
    expect(renderService({ type: 'gift_stars', values: { stars: 50 } }, ctx, 'Al')).toBe('Al gifted 50 Stars')
  })

  it('says channel or group as the chat is, and incoming or outgoing for calls (issue 13)', () => {
    const channel = testContext({ chatKind: (id) => (id === 100 ? 'channel' : 'supergroup') })
    expect(renderService({ type: 'chat_edit_title', title: 'News' }, channel, 'Ed', 100)).toBe('Ed changed the channel name to «News»')
    expect(renderService({ type: 'chat_edit_title', title: 'Team' }, channel, 'Ed', 200)).toBe('Ed changed the group name to «Team»')
    expect(renderService({ type: 'phone_call', values: { duration: 75 } }, ctx, 'Al', 100, true)).toBe('Outgoing call (1:15)')
    expect(renderService({ type: 'phone_call', values: { reason: 'missed' } }, ctx, 'Al', 100, false)).toBe('Incoming call, missed')
    expect(renderService({ type: 'phone_call', values: { reason: 'missed', video: true } }, ctx, 'Al', 100, true)).toBe('Outgoing video call, not answered')
  })

  it('escapes hostile names and titles', () => {
    const s = renderService({ type: 'chat_edit_title', title: '[[x]] ![[y]]\n# h' }, ctx, '**Eve**')
    expect(s).toBe('\\*\\*Eve\\*\\* changed the group name to «\\[\\[x\\]\\] !\\[\\[y\\]\\] # h»')
  })

  it('falls back to words for unknown types, never a TL name', () => {
    expect(renderService({ type: 'moon_landing' }, ctx)).toBe('service message: moon landing')
    expect(renderService({ type: 'messageActionFooBar' }, ctx)).toBe('service message: foo bar')
  })
})
