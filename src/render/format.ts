// Small shared wordings: money, counts, plurals.

/** ISO 4217 currencies without minor units, and Telegram Stars (XTR). Others have 2 decimals. */
const ZERO_DECIMALS = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF', 'XTR'])
const THREE_DECIMALS = new Set(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND'])

/** An amount in the smallest units of `currency` (as Telegram sends it), e.g. `12.50 USD`, `50 ⭐`, `1.5 TON`. */
export function money(amount: number, currency: string): string {
  const cur = currency.toUpperCase()
  if (cur === 'XTR') return `${amount} ⭐`
  // TON amounts come in nanotons
  const decimals = cur === 'TON' ? 9 : ZERO_DECIMALS.has(cur) ? 0 : THREE_DECIMALS.has(cur) ? 3 : 2
  if (decimals === 0) return `${amount} ${cur}`
  const v = amount / 10 ** decimals
  const text = cur === 'TON' ? String(Number(v.toFixed(decimals))) : v.toFixed(decimals)
  return `${text} ${cur}`
}

/** `1 message`, `3 messages` */
export function plural(n: number, word: string, many = word + 's'): string {
  return `${n} ${n === 1 ? word : many}`
}

/** Join names: `A`, `A and B`, `A, B and C`. */
export function names(list: string[]): string {
  if (list.length <= 1) return list[0] ?? ''
  return list.slice(0, -1).join(', ') + ' and ' + list[list.length - 1]
}

/** `1 day`, `2 weeks`, `1 month` for a period in seconds (auto-delete timers, mutes). */
export function period(seconds: number): string {
  const units: [number, string][] = [[31_536_000, 'year'], [2_592_000, 'month'], [604_800, 'week'], [86_400, 'day'], [3600, 'hour'], [60, 'minute']]
  for (const [size, word] of units) if (seconds >= size && seconds % size === 0) return plural(seconds / size, word)
  for (const [size, word] of units) if (seconds >= size) return plural(Math.round(seconds / size), word)
  return plural(seconds, 'second')
}
