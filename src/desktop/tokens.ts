// Feeds a JSON file to a tokenizer chunk by chunk: we never hold the file.
import { readSync } from 'node:fs'
import { open } from 'node:fs/promises'
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
  // 64 KiB chunks: measured faster and leaner than 256 KiB. One buffer, read synchronously: reading
  // is this run's work, and a stream's fresh buffer and event-loop turn per chunk cost ~1 µs a message
  const handle = await open(file, 'r')
  const chunk = Buffer.allocUnsafe(64 * 1024)
  /** bytes at the start of chunk carried over from the last read (after its last newline) */
  let carried = 0
  // ICU's streaming decoder: 110 ms for 100 MB where StringDecoder took 190, the same text for
  // malformed bytes too; a byte order mark stays in the text, as before
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true })
  // a 50 MB string would be buffered whole until its closing quote (issue 16): cut before decoding
  const cutter = new StringCutter(STRING_LIMIT)
  try {
    for (;;) {
      const read = readSync(handle.fd, chunk, carried, chunk.length - carried, null)
      const bytes = carried + read
      if (bytes === 0) break
      const piece = read === 0 ? bytes : wholeLines(chunk, bytes)
      pos.chunkStart = pos.chunkEnd
      pos.chunkEnd += piece
      // decoded (copied) before the next read reuses the buffer
      tokenizer.write(decoder.decode(cutter.filter(chunk.subarray(0, piece)), { stream: true }))
      carried = chunk.copy(chunk, 0, piece, bytes)
      yield
    }
    const rest = decoder.decode()
    if (rest) tokenizer.write(rest)
    tokenizer.end()
  } finally {
    // Stopping early (or failing) must not leave the file open.
    await handle.close()
  }
}

/**
 * How much of the first `bytes` of `chunk` to hand over now: up to its last newline, where no token
 * or string of Desktop's indented JSON is cut, so the tokenizer keeps nothing over and never joins
 * two pieces into a new string (issue 10: that copy cost as much as decoding). A chunk whose last
 * line is long (JSON on one line) goes whole, so that the next read still fills most of the buffer.
 */
function wholeLines(chunk: Buffer, bytes: number): number {
  const last = chunk.lastIndexOf(10, bytes - 1)
  return last < 0 || bytes - last > CARRY_LIMIT ? bytes : last + 1
}

const CARRY_LIMIT = 4096
