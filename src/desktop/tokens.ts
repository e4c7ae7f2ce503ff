// Streams parser tokens of a JSON file in batches: stream-json does the lexing, we never hold the file.
import { createReadStream } from 'node:fs'
import { createRequire } from 'node:module'
import { pipeline, type Duplex } from 'node:stream'
import type { Token } from './json.ts'

// stream-json is CommonJS without bundled types; require it through createRequire and type
// only the two factories used here (an ambient module declaration could clash with others').
const require = createRequire(import.meta.url)
const { parser } = require('stream-json') as { parser(opts: object): Duplex }
const Batch = require('stream-json/utils/Batch') as { make(opts: object): Duplex }

/** Where the reader is in the file, for error messages. */
export interface FilePosition {
  bytesRead: number
}

/**
 * Yields the tokens of `file` in arrays of up to `batchSize`. One await per batch instead of
 * per token keeps the per-token cost synchronous. Parser errors are rethrown unchanged;
 * `pos.bytesRead` tells how far the file had been read when they happened.
 */
export async function* tokenBatches(file: string, pos: FilePosition, batchSize = 2000): AsyncGenerator<Token[]> {
  const source = createReadStream(file, { highWaterMark: 256 * 1024 })
  // Packed values only: keys, strings and numbers come as one token each, never as chunks.
  const tokens = parser({ packValues: true, streamValues: false })
  const batches = Batch.make({ batchSize })
  pipeline(source, tokens, batches, () => { /* errors surface through the iterator below */ })
  try {
    for await (const batch of batches as AsyncIterable<Token[]>) {
      pos.bytesRead = source.bytesRead
      yield batch
    }
    pos.bytesRead = source.bytesRead
  } finally {
    // Stopping early (or failing) must not leave the file open.
    source.destroy()
  }
}
