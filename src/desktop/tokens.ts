// Feeds a JSON file to a tokenizer chunk by chunk: we never hold the file.
import { createReadStream } from 'node:fs'
import { StringDecoder } from 'node:string_decoder'
import { STRING_LIMIT, StringCutter } from './long-strings.ts'
import type { JsonTokenizer } from './tokenizer.ts'

/** Where the reader is in the file, for error messages. */
export interface FilePosition {
  /** bytes handed to the tokenizer before the current chunk */
  chunkStart: number
  /** bytes handed to the tokenizer including the current chunk */
  chunkEnd: number
}

/**
 * Writes `file` into `tokenizer` and yields after each chunk, so the consumer takes what the chunk's
 * tokens made before the next is read. A syntax error is thrown after every token before the bad
 * spot was emitted: the consumer then knows which message was being read.
 */
export async function* feedFile(file: string, pos: FilePosition, tokenizer: JsonTokenizer): AsyncGenerator<void> {
  // 64 KiB chunks: measured faster and leaner than 256 KiB
  const source = createReadStream(file, { highWaterMark: 64 * 1024 })
  const decoder = new StringDecoder('utf8')
  // a 50 MB string would be buffered whole until its closing quote (issue 16): cut before decoding
  const cutter = new StringCutter(STRING_LIMIT)
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      pos.chunkStart = pos.chunkEnd
      pos.chunkEnd += chunk.length
      tokenizer.write(decoder.write(cutter.filter(chunk)))
      yield
    }
    const rest = decoder.end()
    if (rest) tokenizer.write(rest)
    tokenizer.end()
  } finally {
    // Stopping early (or failing) must not leave the file open.
    source.destroy()
  }
}
