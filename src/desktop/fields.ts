// Typed, validated access to the fields of one raw Desktop JSON object; errors name the owner.
import { DesktopExportError } from './errors.ts'
import { isObject, typeName, type Json, type JsonObject } from './json.ts'

/** Reads fields of `obj`; `where` ("message id 12", "message id 12, poll") prefixes every error. */
export class Fields {
  constructor(readonly obj: JsonObject, readonly where: string) {}

  has(key: string): boolean {
    return this.obj[key] !== undefined
  }

  raw(key: string): Json | undefined {
    return this.obj[key]
  }

  /** A string; null and absence are both "not there". */
  str(key: string): string | undefined {
    const v = this.obj[key]
    if (v === undefined || v === null) return undefined
    if (typeof v !== 'string') throw this.wrong(key, 'a string', v)
    return v
  }

  /** A number, also accepted as a numeric string (Desktop writes unix times as strings). */
  num(key: string): number | undefined {
    const v = this.obj[key]
    if (v === undefined || v === null) return undefined
    if (typeof v === 'number' && Number.isFinite(v)) return v
    if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v)
    throw this.wrong(key, 'a number', v)
  }

  /**
   * An id: a whole number JavaScript holds exactly (|n| <= 2^53 - 1), at least `min`. 2^63, 2^53 + 1,
   * 1.5 or 1e308 would become block ids like ^m9223372036854776000 or ^m1e+308 (issue 16).
   */
  id(key: string, min = Number.MIN_SAFE_INTEGER): number | undefined {
    const n = this.num(key)
    if (n === undefined) return undefined
    if (!Number.isSafeInteger(n) || n < min) {
      const expected = min >= 1 ? 'a positive whole number below 2^53' : 'a whole number within ±2^53'
      throw new DesktopExportError(`${this.where}: field "${key}" should be ${expected}, got ${JSON.stringify(this.obj[key])}`)
    }
    return n
  }

  bool(key: string): boolean | undefined {
    const v = this.obj[key]
    if (v === undefined || v === null) return undefined
    if (typeof v !== 'boolean') throw this.wrong(key, 'a boolean', v)
    return v
  }

  object(key: string): Fields | undefined {
    const v = this.obj[key]
    if (v === undefined || v === null) return undefined
    if (!isObject(v)) throw this.wrong(key, 'an object', v)
    return new Fields(v, `${this.where}, ${key}`)
  }

  arr(key: string): Json[] | undefined {
    const v = this.obj[key]
    if (v === undefined || v === null) return undefined
    if (!Array.isArray(v)) throw this.wrong(key, 'an array', v)
    return v
  }

  /** Each element of array `key` as an object. */
  objects(key: string): Fields[] {
    const list = this.arr(key) ?? []
    return list.map((v, i) => {
      if (!isObject(v)) throw new DesktopExportError(`${this.where}: ${key}[${i}] should be an object, got ${typeName(v)}`)
      return new Fields(v, `${this.where}, ${key}[${i}]`)
    })
  }

  /** Strings of array `key`; null entries (deleted accounts) become `nullAs`. */
  strings(key: string, nullAs: string): string[] {
    return (this.arr(key) ?? []).map((v, i) => {
      if (v === null) return nullAs
      if (typeof v === 'string') return v
      if (typeof v === 'number') return String(v)
      throw new DesktopExportError(`${this.where}: ${key}[${i}] should be a string, got ${typeName(v)}`)
    })
  }

  wrong(key: string, expected: string, got: Json): DesktopExportError {
    return new DesktopExportError(`${this.where}: field "${key}" should be ${expected}, got ${typeName(got)}`)
  }
}
