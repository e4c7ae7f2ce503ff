// Moving bytes without moving them: a reflink clone (btrfs, XFS, APFS...) or the kernel's own copy
// (copy_file_range) where cloning is not possible, and hard links where the same bytes may be shared.
import { constants } from 'node:fs'
import { copyFile, link, mkdir, rm } from 'node:fs/promises'
import { dirname } from 'node:path'

export type Placed = 'linked' | 'copied'

/**
 * Copies with FICLONE: libuv tries the clone and falls back to copy_file_range / sendfile by itself
 * (COPYFILE_FICLONE, not _FORCE), so the bytes never pass through JavaScript either way.
 */
export async function cloneFile(from: string, to: string): Promise<void> {
  await mkdir(dirname(to), { recursive: true })
  await copyFile(from, to, constants.COPYFILE_FICLONE)
}

/** A hard link costs no space; across file systems or on FAT, where links fail, a clone or copy. */
export async function linkOrCopy(from: string, to: string): Promise<Placed> {
  await mkdir(dirname(to), { recursive: true })
  await rm(to, { force: true })
  try {
    await link(from, to)
    return 'linked'
  } catch {
    await cloneFile(from, to)
    return 'copied'
  }
}
