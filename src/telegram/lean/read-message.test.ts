// The lean reader's records keep their optimized code when a rare field first gets a number.
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../..', import.meta.url))

/**
 * In a fresh V8 (natives syntax on): a function that reads and clears each field is optimized
 * against records whose fields are still undefined, then a number (a bot id as large as Telegram's,
 * then a small one) is stored in them for the first time, as a message via a bot thousands of
 * messages into an export does. The function must still be optimized afterwards.
 */
const script = `
import { MessageRecord, ReplyRecord, ForwardRecord } from './src/telegram/lean/read-message.ts'
const fields = {
  MessageRecord: ['viaBotId', 'views', 'forwards', 'commentsMaxId', 'editDate'],
  ReplyRecord: ['msgId', 'topId'],
  ForwardRecord: ['channelPost'],
}
const classes = { MessageRecord, ReplyRecord, ForwardRecord }
const out = {}
for (const [name, list] of Object.entries(fields)) {
  for (const f of list) {
    const touch = new Function('r', 'const v = r.' + f + '; r.' + f + ' = undefined; return v')
    const warm = [new classes[name](), new classes[name]()]
    const optimize = new Function('f', 'a', '%PrepareFunctionForOptimization(f); f(a); f(a); %OptimizeFunctionOnNextCall(f); f(a); return %GetOptimizationStatus(f)')
    const before = optimize(touch, warm[0])
    const later = new classes[name]()
    later[f] = 5_000_000_123
    later[f] = 7
    touch(warm[1])
    out[name + '.' + f] = [before & 16, new Function('f', 'return %GetOptimizationStatus(f)')(touch) & 16]
  }
}
console.log(JSON.stringify(out))
`

describe('lean records', () => {
  it('keep the code optimized against them when a field that was undefined first holds a number (issue 10)', () => {
    const res = execFileSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' })
    const status = JSON.parse(res) as Record<string, [number, number]>
    expect(Object.keys(status)).toHaveLength(8)
    // 16: V8's "optimized" bit of %GetOptimizationStatus, before and after the first number
    for (const [field, [before, after]] of Object.entries(status)) expect([field, before, after]).toEqual([field, 16, 16])
  })
})
