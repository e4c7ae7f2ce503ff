// Photos and documents read from the wire straight into model Media, as map/media.ts and
// map/files.ts make them from mtcute's objects (same fields, same order, same values). Every other
// media kind is read by mtcute and mapped by map/ (see readMedia).
import type { tl } from '@mtcute/core'
import type { TlBinaryReader } from '@mtcute/core/utils.js'
import type { FileKind, FileRef, Media } from '../../model/types.ts'
import { fileRefText } from '../map/file-ref.ts'
import { extensionFor } from '../map/files.ts'
import { ID } from './tl-ids.ts'
import { bytesBase64, longText, miss, skipBytes, skipObject, vectorLength, text } from './wire.ts'

/** Model Media read in place (`type`), or mtcute's object (`_`) for map/'s mapMedia: kinds read rarely. */
export type MediaRead = Media | tl.TypeMessageMedia

export function readMedia(r: TlBinaryReader): MediaRead {
  const id = r.uint()
  if (id === ID.messageMediaPhoto) return mediaPhoto(r)
  if (id === ID.messageMediaDocument) return mediaDocument(r)
  r.pos -= 4
  return r.object() as tl.TypeMessageMedia
}

function mediaPhoto(r: TlBinaryReader): Media {
  const flags = r.uint()
  let file: FileRef | undefined
  if (flags & 1) {
    if (r.peekUint() === ID.photo) {
      r.pos += 4
      file = photoFile(r)
    } else skipObject(r) // photoEmpty: an expired photo
  }
  const ttl = flags & 4 ? r.int() : undefined
  if (flags & 16) skipObject(r) // the video of a live photo
  if (!file) return { type: 'unsupported', what: 'expired_photo' }
  return withFileFlags(file, (flags & 8) !== 0, ttl)
}

function mediaDocument(r: TlBinaryReader): Media {
  const flags = r.uint()
  let file: FileRef | undefined
  if (flags & 1) {
    if (r.peekUint() === ID.document) {
      r.pos += 4
      file = documentFile(r, (flags & 128) !== 0, (flags & 256) !== 0)
    } else skipObject(r) // documentEmpty: an expired document
  }
  if (flags & 32) skipObject(r) // alt_documents
  if (flags & 512) skipObject(r) // video_cover
  if (flags & 1024) r.pos += 4 // video_timestamp
  const ttl = flags & 4 ? r.int() : undefined
  if (!file) return { type: 'unsupported', what: 'expired_document' }
  return withFileFlags(file, (flags & 16) !== 0, ttl)
}

function withFileFlags(file: FileRef, spoiler: boolean, ttl: number | undefined): Media {
  const out: Media = { type: 'file', file }
  if (spoiler) out.spoiler = true
  if (ttl) out.ttlSeconds = ttl
  return out
}

/** The largest downloadable size of the PhotoSize vector being read (map/'s largestPhotoSize). */
class BestSize {
  type = ''
  w = 0
  h = 0
  size = 0
  found = false

  reset(): this {
    this.type = ''
    this.w = 0
    this.h = 0
    this.size = 0
    this.found = false
    return this
  }

  consider(type: string, w: number, h: number, size: number): void {
    if (!this.found || w * h > this.w * this.h || (w * h === this.w * this.h && size > this.size)) {
      this.type = type
      this.w = w
      this.h = h
      this.size = size
      this.found = true
    }
  }
}

/** Reads a Vector<PhotoSize>, keeping the largest downloadable size in `best` when given. */
function readSizes(r: TlBinaryReader, best: BestSize | undefined): void {
  const n = vectorLength(r)
  for (let i = 0; i < n; i++) {
    const id = r.uint()
    switch (id) {
      case ID.photoSize: {
        if (!best) {
          skipBytes(r)
          r.pos += 12
          break
        }
        const type = text(r)
        const w = r.int()
        const h = r.int()
        best.consider(type, w, h, r.int())
        break
      }
      case ID.photoSizeProgressive: {
        if (!best) {
          skipBytes(r)
          r.pos += 8
          const count = vectorLength(r)
          r.pos += 4 * count
          break
        }
        const type = text(r)
        const w = r.int()
        const h = r.int()
        const count = vectorLength(r)
        const size = count ? r.dataView.getInt32(r.pos + 4 * (count - 1), true) : 0
        r.pos += 4 * count
        best.consider(type, w, h, size)
        break
      }
      // inline previews, not downloads
      case ID.photoStrippedSize:
      case ID.photoPathSize:
        skipBytes(r)
        skipBytes(r)
        break
      case ID.photoCachedSize:
        skipBytes(r)
        r.pos += 8
        skipBytes(r)
        break
      case ID.photoSizeEmpty:
        skipBytes(r)
        break
      default:
        miss('photo size', id)
    }
  }
}

/** photo#fb197a65 after its constructor id -> FileRef (map/'s photoFile). */
export function photoFile(r: TlBinaryReader): FileRef {
  const flags = r.uint()
  const id = longText(r)
  const accessHash = longText(r)
  const fileReference = bytesBase64(r)
  r.pos += 4 // date
  const best = BEST.reset()
  readSizes(r, best)
  if (flags & 2) skipObject(r) // video_sizes
  const dcId = r.int()
  const f: FileRef = { kind: 'photo', uniqueId: 'photo:' + id, name: 'photo_' + id + '.jpg', mime: 'image/jpeg' }
  if (best.found) {
    f.width = best.w
    f.height = best.h
    if (best.size > 0) f.size = best.size
  }
  f.ref = fileRefText('photo', id, accessHash, fileReference, dcId, best.found ? best.type : 'y')
  return f
}

/** What a document's attributes say (map/'s documentFile walks them the same way: the last one of a kind wins). */
class Attributes {
  fileName: string | undefined = undefined
  width: number | undefined = undefined
  height: number | undefined = undefined
  emoji: string | undefined = undefined
  animated = false
  sticker = false
  video = false
  round = false
  videoW = 0
  videoH = 0
  videoDuration = 0
  audio = false
  voice = false
  audioDuration = 0
  title: string | undefined = undefined
  performer: string | undefined = undefined

  reset(): this {
    this.fileName = undefined
    this.width = undefined
    this.height = undefined
    this.emoji = undefined
    this.animated = false
    this.sticker = false
    this.video = false
    this.round = false
    this.videoW = 0
    this.videoH = 0
    this.videoDuration = 0
    this.audio = false
    this.voice = false
    this.audioDuration = 0
    this.title = undefined
    this.performer = undefined
    return this
  }
}

// one of each, reused: a file is read in one go
const BEST = new BestSize()
const ATTRIBUTES = new Attributes()

function readAttributes(r: TlBinaryReader, a: Attributes): void {
  const n = vectorLength(r)
  for (let i = 0; i < n; i++) {
    const id = r.uint()
    switch (id) {
      case ID.documentAttributeFilename: a.fileName = text(r); break
      case ID.documentAttributeAnimated: a.animated = true; break
      case ID.documentAttributeHasStickers: break
      case ID.documentAttributeImageSize: a.width = r.int(); a.height = r.int(); break
      case ID.documentAttributeSticker: {
        const flags = r.uint()
        a.sticker = true
        a.emoji = text(r) || undefined
        skipStickerSet(r)
        if (flags & 1) skipObject(r) // mask_coords
        break
      }
      case ID.documentAttributeCustomEmoji: {
        r.pos += 4
        a.sticker = true
        a.emoji = text(r) || undefined
        skipStickerSet(r)
        break
      }
      case ID.documentAttributeVideo: {
        const flags = r.uint()
        a.video = true
        a.round = (flags & 1) !== 0
        a.videoDuration = r.double()
        a.videoW = r.int()
        a.videoH = r.int()
        if (flags & 4) r.pos += 4
        if (flags & 16) r.pos += 8
        if (flags & 32) skipBytes(r)
        break
      }
      case ID.documentAttributeAudio: {
        const flags = r.uint()
        a.audio = true
        a.voice = (flags & 1024) !== 0
        a.audioDuration = r.int()
        a.title = flags & 1 ? text(r) : undefined
        a.performer = flags & 2 ? text(r) : undefined
        if (flags & 4) skipBytes(r)
        break
      }
      default:
        // attributes map/ does not read: mtcute steps over them
        r.pos -= 4
        skipObject(r)
    }
  }
}

function skipStickerSet(r: TlBinaryReader): void {
  const id = r.uint()
  if (id === ID.inputStickerSetEmpty) return
  if (id === ID.inputStickerSetID) {
    r.pos += 16
    return
  }
  r.pos -= 4
  skipObject(r)
}

/** document#8fd4c4d8 after its constructor id -> FileRef (map/'s documentFile, with the media's round/voice hints). */
export function documentFile(r: TlBinaryReader, roundHint: boolean, voiceHint: boolean): FileRef {
  const flags = r.uint()
  const id = longText(r)
  const accessHash = longText(r)
  const fileReference = bytesBase64(r)
  r.pos += 4 // date
  const mimeType = text(r)
  const size = r.int53()
  if (flags & 1) readSizes(r, undefined) // thumbs
  if (flags & 2) skipObject(r) // video_thumbs
  const dcId = r.int()
  const a = ATTRIBUTES.reset()
  readAttributes(r, a)

  let width = a.width
  let height = a.height
  let duration: number | undefined
  if (a.video) {
    width = a.videoW
    height = a.videoH
    duration = Math.round(a.videoDuration)
  }
  let performer: string | undefined
  let title: string | undefined
  if (a.audio) {
    duration ??= a.audioDuration
    performer = a.performer || undefined
    title = a.title || undefined
  }
  let kind: FileKind = 'file'
  if (a.sticker) kind = 'sticker'
  else if (a.animated) kind = 'animation'
  else if ((a.video && a.round) || roundHint) kind = 'video_note'
  else if (a.video) kind = 'video'
  else if ((a.audio && a.voice) || voiceHint) kind = 'voice'
  else if (a.audio) kind = 'audio'

  const f: FileRef = { kind, uniqueId: 'doc:' + id, name: a.fileName || kind + '_' + id + '.' + extensionFor(mimeType) }
  if (mimeType) f.mime = mimeType
  if (size) f.size = size
  if (width !== undefined) f.width = width
  if (height !== undefined) f.height = height
  if (duration !== undefined) f.duration = duration
  if (performer !== undefined) f.performer = performer
  if (title !== undefined) f.title = title
  if (a.emoji !== undefined) f.emoji = a.emoji
  f.ref = fileRefText('doc', id, accessHash, fileReference, dcId, '')
  return f
}
