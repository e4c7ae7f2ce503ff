// Duplicate message ids in a Desktop export (issue 16: the last one was kept silently): the later
// message is kept, one line names each id, and the note holds every id once.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runConvert } from '../../src/export/run-convert.ts'
import { silentProgress } from '../../src/export/progress.ts'
import { verifyVault } from '../../src/vault/verify.ts'
import { tempVault } from '../helpers.ts'

function exportOf(ids: number[]): string {
  const input = join(tempVault(), 'export')
  mkdirSync(input, { recursive: true })
  const messages = ids.map((id, i) => ({
    id, type: 'message', date: '2024-01-02T03:04:05', date_unixtime: String(1704164645 + i), from: 'A', from_id: 'user7', text: `text ${i}`,
  }))
  writeFileSync(join(input, 'result.json'), JSON.stringify({ name: 'Dups', type: 'private_supergroup', id: 77, messages }))
  return input
}

describe('duplicate message ids in a Desktop export', () => {
  it('keep the later message, say so once per id, and write each id once', async () => {
    // 3 twice in a row; 2 again after 600 more messages (a later batch than its first copy)
    const ids = [1, 2, 3, 3, ...Array.from({ length: 600 }, (_, i) => 10 + i), 2, 700]
    const vault = tempVault()
    const warnings: string[] = []
    await runConvert({ input: exportOf(ids), out: vault, split: 'none', media: false }, { ...silentProgress, warn: (w) => warnings.push(w) })
    expect(warnings).toEqual([
      'chat "Dups" (id 77): message id 3 appears twice in the export; the later one is kept',
      'chat "Dups" (id 77): message id 2 appears twice in the export; the later one is kept',
    ])
    const note = readFileSync(join(vault, 'Dups (77)', 'messages.md'), 'utf8')
    expect(note.match(/^\^m3$/gm)).toHaveLength(1)
    expect(note.match(/^\^m2$/gm)).toHaveLength(1)
    expect(note).toContain('> text 3\n')
    expect(note).not.toContain('> text 2\n')
    expect(note).not.toContain('> text 1\n')
    expect(note).toContain(`> text ${ids.length - 2}\n`)
    expect(verifyVault(vault).problems).toEqual([])

    // a rerun of the same export says the same, and changes nothing
    const again: string[] = []
    await runConvert({ input: exportOf(ids), out: vault, split: 'none', media: false }, { ...silentProgress, warn: (w) => again.push(w) })
    expect(again).toEqual(warnings.slice(0, 1))
  }, 60_000)
})
