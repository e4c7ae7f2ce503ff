import { describe, expect, it } from 'vitest'
import { epochSeconds, parseLocalDateTime, type LocalDateTime } from './dates.ts'

const parse = (s: string) => parseLocalDateTime(s) as LocalDateTime

describe('dates typed on the command line', () => {
  it('rejects dates and times that do not exist, and words', () => {
    for (const bad of ['2024-02-30', '2023-02-29', '2024-13-45', '2024-00-10', '2024-04-31', 'yesterday', '2024-5-1', '2024-05-01T24:00', '2024-05-01T10:61']) {
      expect(typeof parseLocalDateTime(bad), bad).toBe('string')
    }
    expect(parseLocalDateTime('2024-02-30')).toMatch(/^no such date/)
    expect(parseLocalDateTime('yesterday')).toMatch(/^not a date/)
    expect(parse('2024-02-29')).toMatchObject({ year: 2024, month: 2, day: 29, hour: 0 })
  })

  it('reads a wall time in the given zone, an explicit offset winning', () => {
    expect(epochSeconds(parse('2024-05-01'), 'UTC')).toBe(Date.UTC(2024, 4, 1) / 1000)
    // Berlin is UTC+2 in May, UTC+1 in January
    expect(epochSeconds(parse('2024-05-01T09:30'), 'Europe/Berlin')).toBe(Date.UTC(2024, 4, 1, 7, 30) / 1000)
    expect(epochSeconds(parse('2024-01-15'), 'Europe/Berlin')).toBe(Date.UTC(2024, 0, 14, 23) / 1000)
    expect(epochSeconds(parse('2024-05-01T09:30:15'), 'America/New_York')).toBe(Date.UTC(2024, 4, 1, 13, 30, 15) / 1000)
    expect(epochSeconds(parse('2024-05-01T09:30+05:30'), 'Europe/Berlin')).toBe(Date.UTC(2024, 4, 1, 4, 0) / 1000)
    expect(epochSeconds(parse('2024-05-01T09:30Z'), 'Asia/Tokyo')).toBe(Date.UTC(2024, 4, 1, 9, 30) / 1000)
  })

  it('a time inside a daylight-saving gap moves forward by the gap', () => {
    // 2024-03-31 02:30 does not exist in Berlin (01:59:59 CET is followed by 03:00 CEST)
    expect(epochSeconds(parse('2024-03-31T02:30'), 'Europe/Berlin')).toBe(Date.UTC(2024, 2, 31, 1, 30) / 1000)
    expect(epochSeconds(parse('2024-03-31T03:00'), 'Europe/Berlin')).toBe(Date.UTC(2024, 2, 31, 1, 0) / 1000)
  })
})
