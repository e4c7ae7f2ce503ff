// upload.getFile and upload.getFileHashes with Telegram's rules: part alignment, the file's DC
// (FILE_MIGRATE_N), and file references that expire (the client must re-fetch the message).
import { createHash } from 'node:crypto'
import Long from 'long'
import { RpcError, type CallContext, type TlRequest } from '../types.ts'
import type { SimFile, World } from '../world/types.ts'
import { referenceGeneration } from './tl-message.ts'
import { tlVector } from './vector.ts'

const MiB = 1024 * 1024
const HASH_PART = 128 * 1024
const HASHES_PER_CALL = 8

function locate(world: World, location: TlRequest | undefined, ctx: CallContext): SimFile {
  if (location?._ !== 'inputDocumentFileLocation' && location?._ !== 'inputPhotoFileLocation') {
    throw new RpcError(400, 'LOCATION_INVALID')
  }
  const file = world.file(Long.isLong(location.id) ? (location.id as Long).toString() : String(location.id))
  if (!file || file.photo !== (location._ === 'inputPhotoFileLocation')) throw new RpcError(400, 'FILE_ID_INVALID')
  if (!Long.isLong(location.accessHash) || (location.accessHash as Long).toString() !== file.accessHash) {
    throw new RpcError(400, 'FILE_ID_INVALID')
  }
  if (ctx.dcId !== file.dcId) throw new RpcError(303, `FILE_MIGRATE_${file.dcId}`)
  return file
}

export interface FileRules {
  /** called for the first part of a download: true = expire the reference now */
  expireNow: () => boolean
}

export function getFile(world: World, req: TlRequest, ctx: CallContext, rules: FileRules): { bytes: Uint8Array } {
  const offset = Number(req.offset)
  const limit = Number(req.limit)
  const precise = req.precise === true
  const align = precise ? 1024 : 4096
  if (!Number.isSafeInteger(offset) || offset < 0 || offset % align !== 0) throw new RpcError(400, 'OFFSET_INVALID')
  if (!Number.isInteger(limit) || limit <= 0 || limit > MiB || limit % align !== 0 || (!precise && MiB % limit !== 0)) {
    throw new RpcError(400, 'LIMIT_INVALID')
  }
  if (Math.floor(offset / MiB) !== Math.floor((offset + limit - 1) / MiB)) throw new RpcError(400, 'LIMIT_INVALID')
  const file = locate(world, req.location, ctx)
  const generation = referenceGeneration(req.location.fileReference)
  if (generation < 0) throw new RpcError(400, 'FILE_REFERENCE_INVALID')
  if (generation < world.fileGeneration(file.fileId)) throw new RpcError(400, 'FILE_REFERENCE_EXPIRED')
  if (offset === 0 && rules.expireNow()) {
    world.expireFileReference(file.fileId)
    throw new RpcError(400, 'FILE_REFERENCE_EXPIRED')
  }
  return { _: 'upload.file', type: { _: 'storage.filePartial' }, mtime: 0, bytes: world.fileBytes(file.fileId, offset, limit) } as { bytes: Uint8Array }
}

/** SHA-256 of each 128 KiB part from the part holding `offset`, up to 1 MiB of parts per call. */
export function getFileHashes(world: World, req: TlRequest, ctx: CallContext): Uint8Array {
  const file = locate(world, req.location, ctx)
  const first = Math.floor(Number(req.offset) / HASH_PART) * HASH_PART
  const hashes: object[] = []
  for (let off = first; off < file.size && hashes.length < HASHES_PER_CALL; off += HASH_PART) {
    const bytes = world.fileBytes(file.fileId, off, HASH_PART)
    hashes.push({ _: 'fileHash', offset: off, limit: bytes.length, hash: createHash('sha256').update(bytes).digest() })
  }
  return tlVector(hashes)
}
