// Photos and documents -> FileRef: kind, name, size, dimensions, and the ref a downloader needs.
import type { tl } from '@mtcute/core'
import type { FileKind, FileRef } from '../../model/types.ts'
import { bytesToBase64, longString } from './convert.ts'
import { encodeFileRef } from './file-ref.ts'

/** The largest downloadable size of a photo (photoSize or photoSizeProgressive), if any. */
export function largestPhotoSize(sizes: tl.TypePhotoSize[]): { type: string; w: number; h: number; size: number } | undefined {
  let best: { type: string; w: number; h: number; size: number } | undefined
  for (const s of sizes) {
    let size: number
    if (s._ === 'photoSize') size = s.size
    else if (s._ === 'photoSizeProgressive') size = s.sizes.length ? s.sizes[s.sizes.length - 1]! : 0
    else continue // stripped, cached, path and empty sizes are inline previews, not downloads
    if (!best || s.w * s.h > best.w * best.h || (s.w * s.h === best.w * best.h && size > best.size)) {
      best = { type: s.type, w: s.w, h: s.h, size }
    }
  }
  return best
}

export function photoFile(p: tl.RawPhoto): FileRef {
  const id = longString(p.id)
  const f: FileRef = { kind: 'photo', uniqueId: 'photo:' + id, name: 'photo_' + id + '.jpg', mime: 'image/jpeg' }
  const best = largestPhotoSize(p.sizes)
  if (best) {
    f.width = best.w
    f.height = best.h
    if (best.size > 0) f.size = best.size
  }
  f.ref = encodeFileRef({
    t: 'photo', id, accessHash: longString(p.accessHash), fileReference: bytesToBase64(p.fileReference),
    dcId: p.dcId, thumbSize: best ? best.type : 'y',
  })
  return f
}

/** Hints from messageMediaDocument flags, used when the attributes are ambiguous. */
export interface DocumentHints {
  round?: boolean
  voice?: boolean
}

export function documentFile(d: tl.RawDocument, hints: DocumentHints = {}): FileRef {
  const id = longString(d.id)
  let kind: FileKind = 'file'
  let fileName: string | undefined
  let width: number | undefined
  let height: number | undefined
  let duration: number | undefined
  let performer: string | undefined
  let title: string | undefined
  let emoji: string | undefined
  let animated = false
  let sticker = false
  let video: tl.RawDocumentAttributeVideo | undefined
  let audio: tl.RawDocumentAttributeAudio | undefined
  for (const a of d.attributes) {
    switch (a._) {
      case 'documentAttributeFilename': fileName = a.fileName; break
      case 'documentAttributeAnimated': animated = true; break
      case 'documentAttributeSticker': sticker = true; emoji = a.alt || undefined; break
      case 'documentAttributeCustomEmoji': sticker = true; emoji = a.alt || undefined; break
      case 'documentAttributeVideo': video = a; break
      case 'documentAttributeAudio': audio = a; break
      case 'documentAttributeImageSize': width = a.w; height = a.h; break
    }
  }
  if (video) {
    width = video.w
    height = video.h
    duration = Math.round(video.duration)
  }
  if (audio) {
    duration ??= audio.duration
    performer = audio.performer || undefined
    title = audio.title || undefined
  }
  // Order matters: a sticker may be a video, a GIF is a video with the animated flag.
  if (sticker) kind = 'sticker'
  else if (animated) kind = 'animation'
  else if (video?.roundMessage || hints.round) kind = 'video_note'
  else if (video) kind = 'video'
  else if (audio?.voice || hints.voice) kind = 'voice'
  else if (audio) kind = 'audio'

  const f: FileRef = { kind, uniqueId: 'doc:' + id, name: fileName || kind + '_' + id + '.' + extensionFor(d.mimeType) }
  if (d.mimeType) f.mime = d.mimeType
  if (d.size) f.size = d.size
  if (width !== undefined) f.width = width
  if (height !== undefined) f.height = height
  if (duration !== undefined) f.duration = duration
  if (performer !== undefined) f.performer = performer
  if (title !== undefined) f.title = title
  if (emoji !== undefined) f.emoji = emoji
  f.ref = encodeFileRef({
    t: 'doc', id, accessHash: longString(d.accessHash), fileReference: bytesToBase64(d.fileReference),
    dcId: d.dcId, thumbSize: '',
  })
  return f
}

// Subtypes whose name is not the usual extension.
const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg', 'image/svg+xml': 'svg', 'audio/mpeg': 'mp3', 'audio/mp4': 'm4a', 'audio/x-m4a': 'm4a',
  'audio/ogg': 'ogg', 'audio/opus': 'ogg', 'audio/x-wav': 'wav', 'audio/x-flac': 'flac', 'video/quicktime': 'mov',
  'video/x-matroska': 'mkv', 'video/x-msvideo': 'avi', 'application/x-tgsticker': 'tgs', 'application/octet-stream': 'bin',
  'text/plain': 'txt', 'application/x-zip-compressed': 'zip', 'application/x-rar-compressed': 'rar',
  'application/vnd.android.package-archive': 'apk', 'application/x-7z-compressed': '7z',
}

/** A file extension for a MIME type: a known one, else a short plain subtype, else `bin`. */
export function extensionFor(mime: string | undefined): string {
  if (!mime) return 'bin'
  const lower = mime.toLowerCase()
  const known = EXTENSIONS[lower]
  if (known) return known
  const slash = lower.indexOf('/')
  const sub = slash >= 0 ? lower.slice(slash + 1) : ''
  return /^[a-z0-9]{1,5}$/.test(sub) ? sub : 'bin'
}
