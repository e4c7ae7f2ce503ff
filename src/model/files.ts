// Which downloadable files a message carries (plain data helper shared by media/ and telegram/).
import type { FileRef, Message } from './types.ts'

export function filesOf(m: Message): FileRef[] {
  const media = m.media
  if (!media) return []
  if (media.type === 'file') return [media.file]
  if (media.type === 'webpage' && media.photo) return [media.photo]
  if (media.type === 'paid') return media.files
  return []
}
