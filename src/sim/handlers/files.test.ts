import Long from 'long'
import { describe, expect, it } from 'vitest'
import { RpcError, type CallContext } from '../types.ts'
import { createWorld } from '../world/world.ts'
import type { SimFile } from '../world/types.ts'
import { createHandler, defaultKnobs } from './index.ts'
import { fileReference } from './tl-message.ts'

const world = createWorld({ seed: 31, messages: 5000 })
const ctx = (dcId: number): CallContext => ({ dcId, authKeyId: `k${dcId}`, connectionId: 1, wrappers: [] })

function files(): SimFile[] {
  const out: SimFile[] = []
  for (const chat of world.chats) {
    for (const id of world.ids(chat.id)) {
      const m = world.message(chat.id, id)!
      if (m.media?.type === 'file') out.push(world.file(m.media.fileId)!)
    }
  }
  return out
}
const all = files()
const onDc = (dc: number) => all.find((f) => f.dcId === dc && f.size > 300_000)!

function location(f: SimFile, ref = fileReference(world, f.fileId)): unknown {
  return {
    _: f.photo ? 'inputPhotoFileLocation' : 'inputDocumentFileLocation', id: Long.fromString(f.fileId),
    accessHash: Long.fromString(f.accessHash), fileReference: ref, thumbSize: f.photo ? 'y' : '',
  }
}

function rpcError(fn: () => unknown): RpcError {
  try {
    fn()
  } catch (e) {
    if (e instanceof RpcError) return e
    throw e
  }
  throw new Error('expected an RpcError')
}

describe('world files', () => {
  it('serves deterministic bytes at any offset and shares content between file ids', () => {
    const f = all.find((x) => x.size > 100_000)!
    const whole = world.fileBytes(f.fileId, 0, f.size)
    expect(whole.length).toBe(f.size)
    expect(world.fileBytes(f.fileId, 12_345, 777)).toEqual(whole.subarray(12_345, 12_345 + 777))
    expect(createWorld({ seed: 31, messages: 5000 }).fileBytes(f.fileId, 0, 4096)).toEqual(whole.subarray(0, 4096))
    const byKey = new Map<string, SimFile[]>()
    for (const x of all) byKey.set(x.contentKey, [...(byKey.get(x.contentKey) ?? []), x])
    const shared = [...byKey.values()].find((list) => list.length > 1)!
    expect(shared[0]!.fileId).not.toBe(shared[1]!.fileId)
    expect(world.fileBytes(shared[0]!.fileId, 0, 8192)).toEqual(world.fileBytes(shared[1]!.fileId, 0, 8192))
    expect(new Set(all.map((x) => x.dcId))).toEqual(new Set([2, 4]))
    expect(all.some((x) => x.name === '../../etc/passwd')).toBe(true)
    expect(all.some((x) => x.name.length > 250)).toBe(true)
  })
})

describe('upload.getFile', () => {
  const handler = createHandler(world, defaultKnobs(), () => [])
  const get = (f: SimFile, offset: number, limit: number, dc = f.dcId, extra = {}) =>
    handler({ _: 'upload.getFile', location: location(f), offset, limit, ...extra }, ctx(dc)) as any

  it('answers a part with the file bytes', () => {
    const f = onDc(4)
    const res = get(f, 262_144, 131_072)
    expect(res).toMatchObject({ _: 'upload.file', type: { _: 'storage.filePartial' } })
    expect(res.bytes).toEqual(world.fileBytes(f.fileId, 262_144, 131_072))
  })

  it('enforces Telegram alignment rules', () => {
    const f = onDc(2)
    expect(rpcError(() => get(f, 1000, 4096)).message).toBe('OFFSET_INVALID')
    expect(rpcError(() => get(f, 0, 5000)).message).toBe('LIMIT_INVALID')
    expect(rpcError(() => get(f, 0, 3 * 4096)).message).toBe('LIMIT_INVALID') // 1 MiB % limit != 0
    expect(rpcError(() => get(f, 1_048_576 - 4096, 8192)).message).toBe('LIMIT_INVALID') // crosses 1 MiB
    expect(rpcError(() => get(f, 0, 2 * 1_048_576)).message).toBe('LIMIT_INVALID')
    expect(get(f, 1024, 3072, 2, { precise: true }).bytes.length).toBe(3072)
  })

  it('sends a file to its DC with FILE_MIGRATE', () => {
    const f = onDc(4)
    const e = rpcError(() => get(f, 0, 4096, 2))
    expect([e.code, e.message]).toEqual([303, 'FILE_MIGRATE_4'])
  })

  it('expires file references; the re-fetched message carries a fresh one', () => {
    const w = createWorld({ seed: 31, messages: 5000 })
    const h = createHandler(w, defaultKnobs({ fileReferenceExpiredRate: 1 }), () => [])
    const f = onDc(2)
    const call = (ref: Uint8Array) => h({ _: 'upload.getFile', location: location(f, ref), offset: 0, limit: 4096 }, ctx(2))
    const old = fileReference(w, f.fileId)
    expect(rpcError(() => call(old)).message).toBe('FILE_REFERENCE_EXPIRED')
    expect(rpcError(() => call(old)).message).toBe('FILE_REFERENCE_EXPIRED')
    const fresh = fileReference(w, f.fileId)
    expect(fresh).not.toEqual(old)
    // a later part (offset > 0) with the fresh reference is served
    const part: any = h({ _: 'upload.getFile', location: location(f, fresh), offset: 4096, limit: 4096 }, ctx(2))
    expect(part.bytes.length).toBe(4096)
  })

  it('hashes parts with SHA-256 per 128 KiB', () => {
    const f = onDc(2)
    const res = handler({ _: 'upload.getFileHashes', location: location(f), offset: 0 }, ctx(2))
    expect(res).toBeInstanceOf(Uint8Array)
    expect((res as Uint8Array).length).toBeGreaterThan(8 + 44)
  })
})
