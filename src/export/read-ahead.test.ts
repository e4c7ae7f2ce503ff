import { describe, expect, it } from 'vitest'
import { ReadAhead, thenCall } from './read-ahead.ts'

async function* numbers(n: number, log: string[]): AsyncGenerator<number> {
  try {
    for (let i = 1; i <= n; i++) {
      log.push(`read ${i}`)
      yield i
    }
  } finally {
    log.push('closed')
  }
}

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const x of items) out.push(x)
  return out
}

describe('ReadAhead', () => {
  it('reads while asked to, then hands over the buffered items and the rest in order', async () => {
    const log: string[] = []
    const ahead = ReadAhead.of(numbers(6, log))
    const seen: number[] = []
    ahead.start((buffered) => buffered < 3, (x) => seen.push(x))
    await new Promise((r) => setTimeout(r, 10))
    // three read ahead and told, the fourth not read yet
    expect(seen).toEqual([1, 2, 3])
    expect(log).toEqual(['read 1', 'read 2', 'read 3'])
    expect(await all(ahead)).toEqual([1, 2, 3, 4, 5, 6])
    expect(seen).toEqual([1, 2, 3])
    expect(log.at(-1)).toBe('closed')
  })

  it('waits while asked to wait, and stops waiting when its turn comes', async () => {
    const log: string[] = []
    const ahead = ReadAhead.of(numbers(4, log))
    let open!: () => void
    const room = new Promise<void>((resolve) => { open = resolve })
    ahead.start(async (buffered) => {
      if (buffered === 1) await room
      return true
    }, () => {})
    await new Promise((r) => setTimeout(r, 10))
    expect(log).toEqual(['read 1'])
    open()
    await new Promise((r) => setTimeout(r, 10))
    expect(log.filter((l) => l.startsWith('read'))).toEqual(['read 1', 'read 2', 'read 3', 'read 4'])

    const waiting = ReadAhead.of(numbers(4, []))
    waiting.start(() => new Promise<boolean>(() => {}), () => {})
    // iterating does not wait for the gate that never opens
    expect(await all(waiting)).toEqual([1, 2, 3, 4])
  })

  it('a failed read is met by whoever iterates', async () => {
    async function* failing(): AsyncGenerator<number> {
      yield 1
      throw new Error('gone')
    }
    const ahead = ReadAhead.of(failing())
    ahead.start(() => true, () => {})
    await expect(all(ahead)).rejects.toThrow('gone')
  })

  it('close() stops reading and closes a source never iterated', async () => {
    const log: string[] = []
    const ahead = ReadAhead.of(numbers(100, log))
    ahead.start(() => true, () => {})
    await ahead.close()
    expect(log.at(-1)).toBe('closed')
    expect(log.length).toBeLessThan(100)
  })

  it('thenCall tells the end once the last item is taken', async () => {
    let ended = 0
    const items = thenCall(numbers(2, []), () => ended++)
    const it = items[Symbol.asyncIterator]()
    await it.next()
    await it.next()
    expect(ended).toBe(0)
    await it.next()
    expect(ended).toBe(1)
  })
})
