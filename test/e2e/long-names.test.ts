// A 120-character CJK chat title and file name (issue 16: ENAMETOOLONG, names were cut by
// characters, not bytes): the conversion succeeds, every name fits 255 bytes, the file is in place.
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runConvert } from '../../src/export/run-convert.ts'
import { verifyVault } from '../../src/vault/verify.ts'
import { defaultMedia, tempVault } from '../helpers.ts'

const CJK = '数据库连接繁忙'.repeat(18).slice(0, 120)

function names(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    out.push(name)
    if (statSync(join(dir, name)).isDirectory()) names(join(dir, name), out)
  }
  return out
}

describe('long CJK names', () => {
  it('a 120-character CJK title and file name convert, every name within 255 bytes', async () => {
    const input = join(tempVault(), 'export')
    mkdirSync(join(input, 'files'), { recursive: true })
    // the export's own file name is short: Desktop keeps the original name in file_name
    writeFileSync(join(input, 'files', 'a.pdf'), 'pdf bytes')
    const messages = [1, 2].map((id) => ({
      id, type: 'message', date: '2024-01-02T03:04:05', date_unixtime: String(1704164645 + id), from: CJK, from_id: 'user7',
      text: CJK, ...(id === 2 ? { file: 'files/a.pdf', file_name: `${CJK}.pdf`, mime_type: 'application/pdf' } : {}),
    }))
    writeFileSync(join(input, 'result.json'), JSON.stringify({ name: CJK, type: 'private_supergroup', id: 4242, messages }))
    const vault = tempVault()
    await runConvert({ input, out: vault, split: 'month', media: defaultMedia })
    const all = names(vault)
    for (const n of all) expect(Buffer.byteLength(n), n).toBeLessThanOrEqual(255)
    expect(all.some((n) => n.startsWith('2-数据库'))).toBe(true)
    expect(verifyVault(vault).problems).toEqual([])
  })
})
