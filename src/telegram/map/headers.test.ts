// A reply header's object keeps the code built against it optimized when stored messages are decoded.
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { TaggedReader, TaggedWriter } from '../../vault/state/tagged-body.ts'
import { replyTo } from './headers.ts'

const root = fileURLToPath(new URL('../../..', import.meta.url))

/**
 * In a fresh V8 (natives syntax on): a function that builds quoting replies and reads them is
 * optimized, then a stored reply with a quote is decoded, as the note writer does while history is
 * read. The function must still be optimized afterwards: the decoder's objects must not share the
 * reply's hidden class (they did, and the decoded quote widened its field's type).
 */
const script = `
import { replyTo } from './src/telegram/map/headers.ts'
import { TaggedReader, TaggedWriter } from './src/vault/state/tagged-body.ts'
const fields = (id) => ({ msgId: id, topId: undefined, forumTopic: false, chatId: undefined, quote: true, quoteText: 'q' + id, quoteEntities: undefined })
// builds a reply and reads its quote, as the codec and the renderer do with the message that holds it
const build = (id) => { const r = replyTo(fields(id)); return r.quote.text.length + r.messageId }
// natives through new Function: tsx's transform of this script would not keep the % syntax
const status = new Function('f', 'return %GetOptimizationStatus(f) & 16')
new Function('f', '%PrepareFunctionForOptimization(f); f(1); f(2); %OptimizeFunctionOnNextCall(f); f(3)')(build)
const before = status(build)
const body = new TaggedWriter().encode({ id: 9, replyTo: replyTo(fields(4)) })
const decoded = new TaggedReader().decode(body)
build(5)
console.log(JSON.stringify({ before, after: status(build), decoded }))
`

describe('replyTo', () => {
  it('gives plain objects the codec stores and reads back as they were', () => {
    const r = replyTo({ msgId: 7, topId: undefined, forumTopic: false, chatId: 12, quote: true, quoteText: 'hi', quoteEntities: undefined })!
    expect(r.constructor).toBe(Object)
    expect(Object.getPrototypeOf(r)).toBe(Object.prototype)
    expect(r).toStrictEqual({ messageId: 7, chatId: 12, quote: { text: 'hi', entities: [] } })
    expect(new TaggedReader().decode(new TaggedWriter().encode(r))).toStrictEqual(r)
  })

  it('keeps the code that builds replies optimized when a stored reply is decoded (issue 10)', () => {
    const res = execFileSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' })
    const { before, after, decoded } = JSON.parse(res) as { before: number; after: number; decoded: unknown }
    expect(decoded).toEqual({ id: 9, replyTo: { messageId: 4, quote: { text: 'q4', entities: [] } } })
    // 16: V8's "optimized" bit of %GetOptimizationStatus
    expect([before, after]).toEqual([16, 16])
  })
})
