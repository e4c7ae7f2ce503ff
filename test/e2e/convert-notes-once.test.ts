// `tobs convert` of a chat larger than one auto note writes each note once (issue 10): the chat is
// laid out by month only when its size is known, at its end, and the check for links into chats laid
// out anew used to read the chat's own notes whole and rewrite every one it had just written.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runConvert } from '../../src/export/run-convert.ts'
import { silentProgress } from '../../src/export/progress.ts'
import { verifyVault } from '../../src/vault/verify.ts'
import { tempVault } from '../helpers.ts'

/** 700 messages over two months (past the 500 of one auto note), each replying to the one before. */
function twoMonths(): string {
  const input = join(tempVault(), 'export')
  mkdirSync(input, { recursive: true })
  const start = Date.UTC(2024, 0, 20) / 1000
  const messages = Array.from({ length: 700 }, (_, i) => ({
    id: i + 1, type: 'message', date_unixtime: String(start + i * 3600), from: 'A', from_id: 'user7', text: `text ${i}`,
    ...(i > 0 && { reply_to_message_id: i }),
  }))
  writeFileSync(join(input, 'result.json'), JSON.stringify({ name: 'Big', type: 'private_supergroup', id: 78, messages }))
  return input
}

describe('tobs convert of a chat past one auto note', () => {
  it('writes each note once, its replies linked across the two months', async () => {
    const vault = tempVault()
    const summary = await runConvert({ input: twoMonths(), out: vault, split: 'auto', timeZone: 'UTC', media: false }, silentProgress)
    // 2024-01 and 2024-02 (the count leaves index notes out); it was 4
    expect(summary.notes_written).toBe(2)
    const report = verifyVault(vault)
    expect(report.problems).toEqual([])
    expect([...report.messageIds.values()].flat()).toHaveLength(700)
    // 699 replies, every one a link that resolves (problems lists any that does not)
    expect(report.links).toBeGreaterThanOrEqual(699)
  })
})
