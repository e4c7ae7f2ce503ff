// How many files to download at once by default: enough to fill a fast link with parts in flight,
// fewer on a spinning disk, where many files written at once turn into seeks (issue 11).
import { diskKind } from '../runtime/disk.ts'

export const MEDIA_WORKERS = { flash: 12, rotational: 6, unknown: 8 } as const

/** Files downloaded at once into `dir` unless the user says otherwise (--media-workers, MEDIA_WORKERS). */
export function defaultMediaWorkers(dir: string): number {
  return MEDIA_WORKERS[diskKind(dir)]
}
