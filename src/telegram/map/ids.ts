// Ids from the wire are checked before they name anything (issue 16): mtcute reads a peer id
// (TL int53) as low + high * 2^32, so a server sending 2^63 gives 9223372036854776000, a number
// that rounds (two ids become one) and printed block ids like ^m9223372036854776000.

export class UnsafeIdError extends Error {}

/** `id` when it is a whole number within 53 bits; otherwise one line naming what carried it. */
export function safeId(id: number, what: string): number {
  if (Number.isSafeInteger(id)) return id
  throw new UnsafeIdError(`Telegram sent ${what} id ${id}, which is not a whole number within 2^53: refused rather than stored as another id`)
}
