// Where file bytes come from: Telegram (telegram/download.ts, part by part) or a Desktop export
// folder (a stream).
import type { FileRef, Message } from '../model/types.ts'

/** SHA-256 of bytes [offset, offset + limit) of a file, as upload.getFileHashes answers. */
export interface FileHash { offset: number; limit: number; hash: Uint8Array }

export interface FileSource {
  /** the file's bytes, in order; throws FileUnavailable when it does not exist, anything else when it failed */
  open?(file: FileRef, msg: Message, signal?: AbortSignal): AsyncIterable<Uint8Array>
  /** bytes [offset, offset + limit) clipped to the file; offset and limit as Telegram allows them */
  readPart?(file: FileRef, msg: Message, offset: number, limit: number, signal: AbortSignal): Promise<Uint8Array>
  /** a file of this message is queued (a source may prepare for it) / all its files are settled */
  announce?(msg: Message): void
  settled?(msg: Message): void
  /** hashes of the 128 KiB parts from `offset`, a few per call */
  hashes?(file: FileRef, msg: Message, offset: number): Promise<FileHash[]>
}

/** The file does not exist at its source (not a passing failure): its reason is the placeholder. */
export class FileUnavailable extends Error {}
