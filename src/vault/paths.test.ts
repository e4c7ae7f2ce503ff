import { describe, expect, it } from 'vitest'
import { chatFolder, mediaRelPath, periodNotePath, periodOf, periodRange, safeName } from './paths.ts'

describe('safeName', () => {
  it('removes path traversal and separators', () => {
    expect(safeName('../../etc/passwd')).toBe('_.._etc_passwd')
    expect(safeName('a/b\\c:d*e?f"g<h>i|j')).toBe('a_b_c_d_e_f_g_h_i_j')
  })
  it('never yields an empty, dot or reserved name', () => {
    expect(safeName('...')).toBe('untitled')
    expect(safeName('   ')).toBe('untitled')
    expect(safeName('CON')).toBe('_CON')
    expect(safeName('nul.txt')).toBe('_nul.txt')
  })
  it('strips characters that break wikilinks', () => {
    expect(safeName('a#b^c[d]e')).toBe('a_b_c_d_e')
  })
  it('cuts long names without splitting a surrogate pair', () => {
    const s = safeName('x'.repeat(79) + '😀😀')
    expect(s.length).toBeLessThanOrEqual(80)
    expect(s).toBe('x'.repeat(79))
  })
  it('cuts by bytes too, so a 120-character CJK name and its id fit 255 bytes (issue 16)', () => {
    const cjk = '数据库连接繁忙'.repeat(18).slice(0, 120)
    const folder = chatFolder({ id: -1001234567890123, title: cjk })
    expect(Buffer.byteLength(folder)).toBeLessThanOrEqual(255)
    expect(folder.endsWith(' (-1001234567890123)')).toBe(true)
    const media = mediaRelPath('file', 2 ** 53 - 1, `${cjk}.pdf`).split('/').pop()!
    expect(Buffer.byteLength(media)).toBeLessThanOrEqual(255)
    expect(Buffer.byteLength(safeName('😀'.repeat(100)))).toBeLessThanOrEqual(200)
    expect(safeName('😀'.repeat(100))).toMatch(/^(😀)+$/)
  })
  it('keeps two chats with one title apart by id', () => {
    expect(chatFolder({ id: 1, title: 'Same' })).not.toBe(chatFolder({ id: 2, title: 'Same' }))
  })
})

describe('periods', () => {
  const t = Date.UTC(2024, 1, 29, 23, 59, 59) / 1000
  it('keys a time by split', () => {
    expect(periodOf(t, 'month')).toBe('2024-02')
    expect(periodOf(t, 'day')).toBe('2024-02-29')
    expect(periodOf(t, 'year')).toBe('2024')
    expect(periodOf(t, 'none')).toBe('all')
  })
  it('maps a key back to the interval that contains the time', () => {
    for (const split of ['month', 'day', 'year', 'none'] as const) {
      const [from, to] = periodRange(periodOf(t, split), split)
      expect(from).toBeLessThanOrEqual(t)
      expect(to).toBeGreaterThan(t)
    }
    expect(periodRange('2024-12', 'month')).toEqual([Date.UTC(2024, 11, 1) / 1000, Date.UTC(2025, 0, 1) / 1000])
  })
  it('places period notes in year folders', () => {
    expect(periodNotePath('2024-02', 'month')).toBe('2024/2024-02')
    expect(periodNotePath('2024-02-29', 'day')).toBe('2024/2024-02-29')
  })
  it('builds media paths from message id and a safe name', () => {
    expect(mediaRelPath('photo', 12, '../x.jpg')).toBe('_media/photo/12-_x.jpg')
    expect(mediaRelPath('file', 5, '../../etc/passwd')).toBe('_media/file/5-_.._etc_passwd.bin')
    expect(mediaRelPath('file', 6, 'evil.md')).toBe('_media/file/6-evil.md.bin')
  })
})
