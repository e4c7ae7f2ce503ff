// JSON values as plain types, and a small assembler that builds one value from parser tokens.

export type Json = null | boolean | number | string | Json[] | JsonObject
export interface JsonObject { [key: string]: Json }

/** A JSON token (tokenizer.ts), values packed: keys, strings and numbers arrive whole. */
export interface Token {
  name: string
  value?: string
  /** name 'object': a whole object the tokenizer was asked to read at once (WholeObjects) */
  json?: Json
}

/**
 * Builds one JSON value from tokens. Objects get a null prototype so that a key such as
 * "__proto__" in an untrusted export is plain data, never a prototype change.
 */
export class Assembler {
  private stack: (Json[] | JsonObject)[] = []
  private key: string | null = null
  value: Json | undefined = undefined
  done = false

  push(t: Token): void {
    switch (t.name) {
      case 'startObject': this.open(Object.create(null) as JsonObject); return
      case 'startArray': this.open([]); return
      case 'endObject':
      case 'endArray': this.close(); return
      case 'keyValue': this.key = t.value ?? ''; return
      case 'stringValue': this.add(t.value ?? ''); return
      case 'numberValue': this.add(Number(t.value)); return
      case 'nullValue': this.add(null); return
      case 'trueValue': this.add(true); return
      case 'falseValue': this.add(false); return
      default: return // start/end/chunk tokens are not requested from the parser
    }
  }

  private open(container: Json[] | JsonObject): void {
    this.add(container)
    this.stack.push(container)
  }

  private close(): void {
    this.stack.pop()
    if (this.stack.length === 0) this.done = true
  }

  private add(v: Json): void {
    const top = this.stack[this.stack.length - 1]
    if (top === undefined) {
      this.value = v
      if (v === null || typeof v !== 'object') this.done = true
    } else if (Array.isArray(top)) {
      top.push(v)
    } else {
      top[this.key ?? ''] = v
      this.key = null
    }
  }
}

export function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

export function typeName(v: Json | undefined): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  return typeof v
}
