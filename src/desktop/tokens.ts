// Streams parser tokens of a JSON file in batches: stream-json does the lexing, we never hold the file.
import { createReadStream } from 'node:fs'
import { createRequire } from 'node:module'
import type { Duplex } from 'node:stream'
import type { Token } from './json.ts'

// stream-json is CommonJS without bundled types; require it through createRequire and type
// only the factory used here (an ambient module declaration could clash with other folders').
const require = createRequire(import.meta.url)
const { parser } = require('stream-json') as { parser(opts: object): Duplex }

/** Where the reader is in the file, for error messages. */
export interface FilePosition {
  /** bytes handed to the parser before the current chunk */
  chunkStart: number
  /** bytes handed to the parser including the current chunk */
  chunkEnd: number
}

/**
 * Yields the tokens of `file` in arrays (one await per batch, not per token). The file is
 * fed to the parser chunk by chunk by hand rather than piped, so that the reader can pause the
 * file while a batch is consumed, and so that on a parse error every token before the bad
 * spot has been delivered: the caller then knows which message was being read.
 */
export async function* tokenBatches(file: string, pos: FilePosition, batchSize = 4000): AsyncGenerator<Token[]> {
  const source = createReadStream(file, { highWaterMark: 64 * 1024 })
  // 64 KiB chunks: measured faster and leaner than 256 KiB with stream-json (its buffer is a string).
  // Packed values only: keys, strings and numbers come as one token each, never as chunks.
  const tokens = parser({ packValues: true, streamValues: false })
  let buf: Token[] = []
  let failure: unknown
  let finished = false
  let wake: (() => void) | null = null
  const poke = (): void => {
    const w = wake
    wake = null
    w?.()
  }
  tokens.on('data', (t: Token) => {
    buf.push(t)
    if (buf.length >= batchSize && !source.isPaused()) source.pause()
    if (buf.length >= batchSize) poke()
  })
  let allWritten = false
  tokens.on('error', (err: unknown) => {
    // Failing once the whole file is in means the input stopped inside a value: a cut-off file.
    failure ??= allWritten && err instanceof Error
      ? new Error(`unexpected end of file (truncated export?): ${err.message}`, { cause: err })
      : err
    poke()
  })
  tokens.on('end', () => {
    finished = true
    poke()
  })
  source.on('error', (err: unknown) => {
    failure ??= err
    poke()
  })
  source.on('data', (chunk: Buffer | string) => {
    pos.chunkStart = pos.chunkEnd
    pos.chunkEnd += chunk.length
    tokens.write(chunk)
  })
  source.on('end', () => {
    allWritten = true
    tokens.end()
  })
  try {
    for (;;) {
      if (buf.length > 0) {
        const batch = buf
        buf = []
        yield batch
        if (source.isPaused() && failure === undefined) source.resume()
        continue
      }
      if (failure !== undefined) throw failure
      if (finished) return
      await new Promise<void>((resolve) => {
        wake = resolve
      })
    }
  } finally {
    // Stopping early (or failing) must not leave the file open.
    source.destroy()
    tokens.destroy()
  }
}
