import { describe, expect, it } from 'vitest'
import { autoSplit, guessSplit, splitOfPeriod } from './layout.ts'
import { localPeriodOf, localPeriodRange } from './periods.ts'

const HOUR = 3600
const T = Date.UTC(2024, 3, 30, 23, 30) / 1000 // 2024-04-30 23:30 UTC = 2024-05-01 01:30 in Berlin

describe('local periods', () => {
  it('splits on the local date of the zone, not the UTC one', () => {
    expect(localPeriodOf(T, 'month', 'UTC')).toBe('2024-04')
    expect(localPeriodOf(T, 'month', 'Europe/Berlin')).toBe('2024-05')
    expect(localPeriodOf(T, 'day', 'America/New_York')).toBe('2024-04-30')
    expect(localPeriodOf(T, 'year', 'Pacific/Kiritimati')).toBe('2024')
    expect(localPeriodOf(T, 'none', 'Europe/Berlin')).toBe('all')
  })

  it('gives each period the interval of its local days, across summer time too', () => {
    const [from, to] = localPeriodRange('2024-05', 'month', 'Europe/Berlin')
    expect(from).toBe(Date.UTC(2024, 3, 30, 22) / 1000) // 1 May 00:00 CEST
    expect(to).toBe(Date.UTC(2024, 4, 31, 22) / 1000)
    const [a, b] = localPeriodRange('2024-03-31', 'day', 'Europe/Berlin') // a 23-hour day
    expect(b - a).toBe(23 * HOUR)
    expect(localPeriodOf(from, 'month', 'Europe/Berlin')).toBe('2024-05')
    expect(localPeriodOf(from - 1, 'month', 'Europe/Berlin')).toBe('2024-04')
  })
})

describe('autoSplit', () => {
  const days = (n: number, perDay: number): number[] => Array.from({ length: n }, (_, i) => T + Math.floor(i / perDay) * 86400)

  it('keeps a chat of 50 messages in one note', () => {
    expect(autoSplit(days(50, 1), 'UTC')).toBe('none')
  })

  it('splits a chat of 50,000 messages, by year while years stay readable, else by month', () => {
    expect(autoSplit(days(50_000, 100), 'UTC')).toBe('month')
    // 600 messages over three years: about 200 a year
    expect(autoSplit(days(600, 0.55), 'UTC')).toBe('year')
  })

  it('guesses the split from a count and the dates it spans, before the messages are read', () => {
    const y = (year: number) => Date.UTC(year, 6, 1) / 1000
    expect(guessSplit(500, y(2020), y(2020))).toBe('none')
    // 855 over 2021-2023 (the test world's channel): ~285 a year
    expect(guessSplit(855, y(2021), y(2023))).toBe('year')
    expect(guessSplit(855, y(2023), y(2023))).toBe('month')
    // two months across a New Year are not two years
    expect(guessSplit(900, Date.UTC(2023, 11, 1) / 1000, Date.UTC(2024, 0, 31) / 1000)).toBe('month')
    // without dates, a large chat is taken as one year's worth: notes are still written while reading
    expect(guessSplit(855)).toBe('month')
  })

  it('reads the split a period key was made with', () => {
    expect(['all', '2024', '2024-05', '2024-05-01'].map(splitOfPeriod)).toEqual(['none', 'year', 'month', 'day'])
  })
})
