// Whether a file holds some bytes, read 1 MiB at a time: a note or an export can hold hundreds of MB.
import { open } from 'node:fs/promises'

/** True when any of `needles` occurs in the file (UTF-8); a missing file holds nothing. */
export async function fileContains(file: string, needles: string | string[]): Promise<boolean> {
  const patterns = (typeof needles === 'string' ? [needles] : needles).map((n) => Buffer.from(n))
  if (patterns.length === 0) return false
  const longest = Math.max(...patterns.map((p) => p.length))
  const handle = await open(file, 'r').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined
    throw e
  })
  if (!handle) return false
  try {
    const buf = Buffer.alloc(Math.max(1 << 20, 2 * longest))
    let carry = 0
    let position = 0
    for (;;) {
      const { bytesRead } = await handle.read(buf, carry, buf.length - carry, position)
      if (bytesRead === 0) return false
      position += bytesRead
      const filled = carry + bytesRead
      const seen = buf.subarray(0, filled)
      if (patterns.some((p) => seen.includes(p))) return true
      // keep the tail, so that a match across two reads is still found
      carry = Math.min(longest - 1, filled)
      buf.copy(buf, 0, filled - carry, filled)
    }
  } finally {
    await handle.close()
  }
}
