// FileRef.ref: a compact JSON string holding what a downloader needs to rebuild an InputFileLocation.
import Long from 'long'
import type { tl } from '@mtcute/core'

/** Parsed FileRef.ref. Ids and hashes are decimal strings (64-bit); fileReference is base64. */
export interface TgFileRef {
  t: 'doc' | 'photo'
  id: string
  accessHash: string
  fileReference: string
  dcId: number
  /** photo: type letter of the size to fetch (the largest); documents: '' (the file itself) */
  thumbSize: string
}

/**
 * Same text as JSON.stringify(r), built by hand because it runs for every file of every message:
 * ids and hashes are decimal digits and base64 needs no escaping; thumbSize comes from the server, so it is quoted properly.
 */
export function encodeFileRef(r: TgFileRef): string {
  return fileRefText(r.t, r.id, r.accessHash, r.fileReference, r.dcId, r.thumbSize)
}

/** encodeFileRef() without the object (the lean history reader has the parts in hand). */
export function fileRefText(t: TgFileRef['t'], id: string, accessHash: string, fileReference: string, dcId: number, thumbSize: string): string {
  return '{"t":"' + t + '","id":"' + id + '","accessHash":"' + accessHash + '","fileReference":"' + fileReference +
    '","dcId":' + dcId + ',"thumbSize":' + JSON.stringify(thumbSize) + '}'
}

/** Read a FileRef.ref written by this module; throws on anything else, so a bad ref fails loudly. */
export function parseFileRef(ref: string): TgFileRef {
  const v = JSON.parse(ref) as Partial<TgFileRef> | null
  if (
    !v || (v.t !== 'doc' && v.t !== 'photo') ||
    typeof v.id !== 'string' || typeof v.accessHash !== 'string' ||
    typeof v.fileReference !== 'string' || typeof v.dcId !== 'number' || typeof v.thumbSize !== 'string'
  ) {
    throw new Error(`not a Telegram file ref: ${ref.slice(0, 80)}`)
  }
  return { t: v.t, id: v.id, accessHash: v.accessHash, fileReference: v.fileReference, dcId: v.dcId, thumbSize: v.thumbSize }
}

/** The location to pass to upload.getFile (mtcute accepts Long for `long` fields). Accepts a ref string or a parsed one. */
export function toInputFileLocation(ref: string | TgFileRef): tl.TypeInputFileLocation {
  const r = typeof ref === 'string' ? parseFileRef(ref) : ref
  const id = Long.fromString(r.id)
  const accessHash = Long.fromString(r.accessHash)
  const fileReference = new Uint8Array(Buffer.from(r.fileReference, 'base64'))
  return r.t === 'doc'
    ? { _: 'inputDocumentFileLocation', id, accessHash, fileReference, thumbSize: r.thumbSize }
    : { _: 'inputPhotoFileLocation', id, accessHash, fileReference, thumbSize: r.thumbSize }
}
