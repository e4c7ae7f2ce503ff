// Strings into bytes and back on the vault's hot paths (note files, message bodies, the search feed).

/**
 * Node's Buffer methods under write() and toString() without their argument handling: public on
 * every Buffer since Node's first versions, missing only from its typings.
 */
export interface FastBuffer extends Buffer {
  utf8Write(s: string, offset: number, length?: number): number
  ucs2Write(s: string, offset: number): number
  utf8Slice(start: number, end: number): string
  ucs2Slice(start: number, end: number): string
}

/**
 * Whether a string holds no lone surrogate (half an emoji a client cut), so UTF-8 can carry it
 * (String.prototype.isWellFormed: Node 20, not yet in TypeScript's ES2022 library).
 */
export function wellFormed(s: string): boolean {
  return (s as string & { isWellFormed(): boolean }).isWellFormed()
}
