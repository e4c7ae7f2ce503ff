// Where file bytes come from: Telegram (telegram/download.ts) or a Desktop export folder.
import type { FileRef, Message } from '../model/types.ts'

export interface FileSource {
  /** the file's bytes, in order; throws FileUnavailable when it does not exist, anything else when it failed */
  open(file: FileRef, msg: Message, signal?: AbortSignal): AsyncIterable<Uint8Array>
}

/** The file does not exist at its source (not a passing failure): its reason is the placeholder. */
export class FileUnavailable extends Error {}
