// Files of the world: ids that encode where they live (chat, message, slot), metadata derived
// from a content key (two file ids may share one), and bytes generated at any offset.
import type { FileKind } from '../../model/types.ts'
import { fillBytes, hash, hashString } from './hash.ts'
import type { SimFile } from './types.ts'

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
  photo: [20_000, 400_000], video: [200_000, 3_000_000], video_note: [100_000, 1_000_000],
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
  const size = lo + Math.floor((hi - lo) * u * u * u)
  const file: SimFile = {
    fileId, accessHash: String(hash(f.seed, h, 7) * 0x10000 + (h & 0xffff)), contentKey, kind: f.kind,
    photo: f.kind === 'photo', size, mime: MIMES[f.kind] ?? 'application/octet-stream', name: '',
    dcId: (h >>> 4) % 5 < 2 ? f.mediaDc : 2, chatId: f.chatId, messageId: f.messageId, date: f.date,
  }
  switch (f.kind) {
    case 'photo': case 'sticker':
      file.width = 320 + (mix(ch, 2) % 1600)
      file.height = 240 + (mix(ch, 3) % 1200)
      if (f.kind === 'sticker') { file.name = 'sticker.webp'; file.emoji = '🦊' }
      break
    case 'video': case 'video_note': case 'animation':
      file.width = 640
      file.height = f.kind === 'video_note' ? 640 : 360
      file.duration = 1 + (mix(ch, 4) % 300)
      if (f.kind !== 'video_note') file.name = f.kind === 'animation' ? 'animation.gif.mp4' : `clip_${f.messageId}.mp4`
      break
    case 'voice':
      file.duration = 1 + (mix(ch, 4) % 120)
      break
    case 'audio':
      file.duration = 30 + (mix(ch, 4) % 400)
      file.performer = 'The Simulators'
      file.title = ['Loopback', 'Flood Wait Blues', 'Takeout 🎵'][mix(ch, 5) % 3]!
      file.name = `${file.title}.mp3`
      break
    default: {
      const [name, mime] = DOCUMENTS[mix(ch, 6) % DOCUMENTS.length]!
      file.name = name
      file.mime = mime
    }
  }
  return file
}

function mix(x: number, salt: number): number {
  return hash(x, salt)
}

/** Bytes [offset, offset + limit) of the file, clipped to its size. */
export function contentBytes(file: SimFile, seed: number, offset: number, limit: number): Uint8Array {
  const end = Math.min(file.size, offset + limit)
  if (offset >= end) return new Uint8Array(0)
  return fillBytes(hashString(file.contentKey) ^ seed, offset, end - offset)
}
