// Files of the world: ids that encode where they live (chat, message, slot), metadata derived
// from a content key (two file ids may share one), and bytes generated at any offset.
import type { FileKind } from '../../model/types.ts'
import { pickSample, sampleBytes, sampleNamed, type Sample } from '../samples/index.ts'
import { MP3_OVERHEAD, MP4_OVERHEAD, WEBP_OVERHEAD, mp3Tagged, mp4Padded, oggWithSerial, webpTagged, type Segment } from './containers.ts'
import { fillBytes, hash, hashString } from './hash.ts'
import { minPhotoSize, photoDims, photoLayout } from './picture.ts'
import type { SimFile, SimMessage, World } from './types.ts'

const ID_BASE = 2 ** 48
const MSG_SPACE = 2 ** 36
/** a message carries at most SLOTS files (main media, web page photo) */
const SLOTS = 8
export const SLOT_MAIN = 0
export const SLOT_WEBPAGE = 1

export interface FileAddress {
  chatIndex: number
  messageId: number
  slot: number
}

export function encodeFileId(a: FileAddress): string {
  return String(ID_BASE + (a.chatIndex * MSG_SPACE + a.messageId) * SLOTS + a.slot)
}

export function decodeFileId(fileId: string): FileAddress | undefined {
  const n = Number(fileId)
  if (!Number.isSafeInteger(n) || n < ID_BASE) return undefined
  const v = n - ID_BASE
  const rest = Math.floor(v / SLOTS)
  return { slot: v % SLOTS, messageId: rest % MSG_SPACE, chatIndex: Math.floor(rest / MSG_SPACE) }
}

const SIZES: Record<FileKind, [number, number]> = {
  photo: [60_000, 400_000], video: [200_000, 3_000_000], video_note: [100_000, 1_000_000],
  voice: [4_000, 120_000], audio: [500_000, 3_000_000], sticker: [8_000, 64_000],
  animation: [50_000, 1_500_000], file: [2_048, 3_000_000],
}
const MIMES: Partial<Record<FileKind, string>> = {
  photo: 'image/jpeg', video: 'video/mp4', video_note: 'video/mp4', voice: 'audio/ogg',
  audio: 'audio/mpeg', sticker: 'image/webp', animation: 'video/mp4',
}
/** Generic files, with names an exporter must not trust. */
const DOCUMENTS: [string, string][] = [
  ['report.pdf', 'application/pdf'],
  ['../../etc/passwd', 'text/plain'],
  [`${'very long file name '.repeat(16).trim()}.txt`, 'text/plain'],
  ['CON', 'application/octet-stream'],
  ['notes: draft?.md', 'text/markdown'],
  ['архив 2024.zip', 'application/zip'],
  ['photo 🦊.png', 'image/png'],
  ['data.tar.gz', 'application/gzip'],
]
/** how many shared contents exist per kind: some files repeat across messages */
const POOL = 3

export interface FileSeed {
  seed: number
  chatIndex: number
  chatId: number
  messageId: number
  slot: number
  kind: FileKind
  date: number
  mediaDc: number
  /** 'bench': the media benchmark's mix (small photos, files of 1-5 MB, a few videos of 50-200 MB), all on the media DC */
  sizes?: 'bench'
}

export function makeFile(f: FileSeed): SimFile {
  const fileId = encodeFileId(f)
  const h = hash(f.seed, f.chatIndex, f.messageId, 0xf11e + f.slot)
  // one file in eight reuses a pooled content: same bytes under a different file id
  const contentKey = h % 8 === 0 ? `pool-${f.kind}-${(h >>> 8) % POOL}` : `own-${fileId}`
  const ch = hashString(contentKey) ^ f.seed
  const [lo, hi] = SIZES[f.kind]
  // skewed towards small files, as real chats are: most near the low end, a few up to the maximum
  const u = (mix(ch, 1) % 1_000_000) / 1_000_000
  const size = f.sizes === 'bench' ? benchSize(f.kind, u, (mix(ch, 7) % 1000) / 1000) : lo + Math.floor((hi - lo) * u * u * u)
  const file: SimFile = {
    fileId, accessHash: String(hash(f.seed, h, 7) * 0x10000 + (h & 0xffff)), contentKey, kind: f.kind,
    photo: f.kind === 'photo', size, mime: MIMES[f.kind] ?? 'application/octet-stream', name: '',
    dcId: f.sizes === 'bench' || (h >>> 4) % 5 < 2 ? f.mediaDc : 2, chatId: f.chatId, messageId: f.messageId, date: f.date,
  }
  // equal content keys take the same sample, so shared content stays byte-identical
  const sample = pickSample(f.kind, ch)
  if (sample) fromSample(file, sample)
  switch (f.kind) {
    case 'photo': {
      Object.assign(file, photoDims(size, mix(ch, 2)))
      file.size = Math.max(size, minPhotoSize(file.width!, file.height!))
      break
    }
    case 'sticker':
      file.name = 'sticker.webp'
      file.emoji = '🦊'
      break
    case 'video': case 'animation':
      file.name = f.kind === 'animation' ? 'animation.gif.mp4' : `clip_${f.messageId}.mp4`
      break
    case 'audio':
      file.performer = 'The Simulators'
      file.title = ['Loopback', 'Flood Wait Blues', 'Takeout 🎵'][mix(ch, 5) % 3]!
      file.name = `${file.title}.mp3`
      break
    case 'file': {
      const [name, mime] = DOCUMENTS[mix(ch, 6) % DOCUMENTS.length]!
      file.name = name
      file.mime = mime
    }
  }
  return file
}

/** Metadata of a file made from a sample: its real duration and dimensions, and a size that holds it. */
function fromSample(file: SimFile, s: Sample): void {
  const n = sampleBytes(s).length
  file.sample = s.file
  file.mime = s.mime
  if (s.duration) file.duration = s.duration
  if (s.width) [file.width, file.height] = [s.width, s.height!]
  if (s.kind === 'voice') file.size = n
  else if (s.kind === 'audio') file.size = Math.max(file.size, n + MP3_OVERHEAD)
  else if (s.kind === 'sticker') file.size = Math.max(file.size, n + WEBP_OVERHEAD) & ~1
  else file.size = Math.max(file.size, n + MP4_OVERHEAD)
}

/** Sizes of the media benchmark's mix (issue 11): mostly small photos, some 1-5 MB files, a few large videos. */
function benchSize(kind: FileKind, u: number, v: number): number {
  const MB = 1_000_000
  if (kind === 'photo' || kind === 'sticker' || kind === 'voice') return 100_000 + Math.floor(300_000 * u)
  if (v < 0.04) return 50 * MB + Math.floor(150 * MB * u)
  return v < 0.5 ? MB + Math.floor(4 * MB * u) : 300_000 + Math.floor(700_000 * u)
}

function mix(x: number, salt: number): number {
  return hash(x, salt)
}

/** The file as segments: real media from its sample or picture, fill bytes for the rest. */
function layoutOf(file: SimFile, seed: number): Segment[] {
  const key = (hashString(file.contentKey) ^ seed) >>> 0
  const sample = file.sample ? sampleNamed(file.sample) : undefined
  if (file.kind === 'photo') return photoLayout(key, labelOf(file), file.width!, file.height!, file.size)
  if (!sample) return [{ fill: key, length: file.size }]
  const bytes = sampleBytes(sample)
  switch (sample.kind) {
    case 'voice': return [{ bytes: oggWithSerial(bytes, key) }]
    case 'audio': return mp3Tagged(bytes, key, file.size)
    case 'sticker': return webpTagged(bytes, key, file.size, sample.width!, sample.height!)
    default: return mp4Padded(bytes, key, file.size)
  }
}

/** What a photo shows: its file id, or the number of the shared content it holds. */
function labelOf(file: SimFile): string {
  return file.contentKey.startsWith('own-') ? file.fileId : `#${hashString(file.contentKey) % 100_000}`
}

// layouts of the files being read: a download asks for one file's parts in a row
const layouts = new Map<string, Segment[]>()
const LAYOUTS_KEPT = 32

function cachedLayout(file: SimFile, seed: number): Segment[] {
  const id = `${seed}:${file.contentKey}:${file.size}`
  let l = layouts.get(id)
  if (!l) {
    l = layoutOf(file, seed)
    if (layouts.size >= LAYOUTS_KEPT) layouts.delete(layouts.keys().next().value!)
    layouts.set(id, l)
  }
  return l
}

/** Bytes [offset, offset + limit) of the file, clipped to its size. */
export function contentBytes(file: SimFile, seed: number, offset: number, limit: number): Uint8Array {
  const end = Math.min(file.size, offset + limit)
  if (offset >= end) return new Uint8Array(0)
  const out = new Uint8Array(end - offset)
  let at = 0
  for (const s of cachedLayout(file, seed)) {
    const len = 'bytes' in s ? s.bytes.length : s.length
    const from = Math.max(offset, at)
    const to = Math.min(end, at + len)
    if (from < to) {
      out.set('bytes' in s ? s.bytes.subarray(from - at, to - at) : fillBytes(s.fill, from - at, to - from), from - offset)
    }
    at += len
    if (at >= end) break
  }
  return out
}

/** The file a message shows: its media's, or its web page's photo. */
export function messageFileId(m: SimMessage | undefined): string | undefined {
  return m?.media?.type === 'file' ? m.media.fileId : m?.media?.type === 'webpage' ? m.media.photoFileId : undefined
}

/** Every message's file in the world, chat by chat (files shared by content appear once per message). */
export function worldFiles(world: World): SimFile[] {
  const out: SimFile[] = []
  for (const c of world.chats) for (const id of world.ids(c.id)) {
    const fid = messageFileId(world.message(c.id, id))
    if (fid) out.push(world.file(fid)!)
  }
  return out
}
