// The reader's errors: each names the file and the place (byte range, chat, message id, field).
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DesktopExportError, openDesktopExport } from './index.ts'
import { msg, readAll, singleChat, tempDir, writeExport } from './test-helpers.ts'

describe('errors', () => {
  it('names the folder when result.json is missing', async () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'photos'))
    await expect(openDesktopExport(dir)).rejects.toThrow(DesktopExportError)
    await expect(openDesktopExport(dir)).rejects.toThrow(`no result.json in folder ${dir}`)
    await expect(openDesktopExport(join(dir, 'nope.json'))).rejects.toThrow(/not found/)
  })

  it('names the byte offset and message of truncated JSON', async () => {
    const full = JSON.stringify(singleChat([msg(1), msg(2), msg(3, { text: 'cut here' })]), null, 1)
    const dir = writeExport(full.slice(0, full.indexOf('cut here')))
    const err = await readAll(dir).then(() => undefined, (e: unknown) => e)
    expect(err).toBeInstanceOf(DesktopExportError)
    expect((err as Error).message).toMatch(/in bytes \d+-\d+/)
    expect((err as Error).message).toContain('message #3 (after message id 2)')
    expect((err as Error).message).toContain(join(dir, 'result.json'))
  })

  it('names the place of invalid JSON and of an empty file', async () => {
    const bad = writeExport('{"name": "x", "type": "personal_chat", "id": 1, "messages": [ {"id": 1,, } ] }')
    await expect(readAll(bad)).rejects.toThrow(/invalid Desktop export .*message #1.*cannot parse/)
    await expect(readAll(writeExport(''))).rejects.toThrow(/result.json is empty/)
    await expect(readAll(writeExport('[1, 2]'))).rejects.toThrow(/top level is not a JSON object/)
  })

  it('names the message id of a field of the wrong type', async () => {
    await expect(readAll(writeExport(singleChat([msg(1), msg(2, { date_unixtime: { x: 1 } })]))))
      .rejects.toThrow(/chat #1 "Test" \(id 42\): message id 2: field "date_unixtime" should be a number, got object/)
    await expect(readAll(writeExport(singleChat([msg(5, { text: 12 })]))))
      .rejects.toThrow(/message id 5: field "text" should be a string or an array, got number/)
    await expect(readAll(writeExport(singleChat([msg(6, { from_id: true })]))))
      .rejects.toThrow(/message id 6: field "from_id" should be a peer id/)
    await expect(readAll(writeExport(singleChat([{ type: 'message' }])))).rejects.toThrow(/message #1 has no "id"/)
    await expect(readAll(writeExport(singleChat([msg(1), msg(2, { date_unixtime: '1577836800.5' })]))))
      .rejects.toThrow(/message id 2: field "date_unixtime" should be a whole number within ±2\^53, got "1577836800.5"/)
  })
  it('names the file and chat of a bad chat header', async () => {
    const dir = writeExport({ name: 'X', type: 'personal_chat', id: 'abc', messages: [msg(1)] })
    await expect(readAll(dir)).rejects.toThrow(`${join(dir, 'result.json')}: chat #1: field "id" should be a number, got string`)
  })

  it('stops cleanly when the consumer breaks off early', async () => {
    const dir = writeExport(singleChat(Array.from({ length: 5000 }, (_, i) => msg(i + 1))))
    const exp = await openDesktopExport(dir)
    let seen = 0
    for await (const c of exp.chats()) {
      for await (const _m of c.messages) if (++seen === 10) break
      break
    }
    expect(seen).toBe(10)
    // The same export can be read again from the start.
    expect((await readAll(dir))[0]!.messages).toHaveLength(5000)
  })
})

describe('ids and sections from a hostile export (issue 16)', () => {
  it('refuses a message id, reply id or chat id that is not a safe whole number, naming it', async () => {
    for (const bad of ['9223372036854775807', '9007199254740993', '1.5', '1e308', '-3']) {
      const dir = writeExport(`{"name": "x", "type": "private_supergroup", "id": 5, "messages": [{"id": 1, "type": "message", "date": "2024-01-02T03:04:05", "text": ""}, {"id": ${bad}, "type": "message", "date": "2024-01-02T03:04:05", "text": ""}]}`)
      await expect(readAll(dir), bad).rejects.toThrow(/message #2: field "id" should be a positive whole number below 2\^53, got /)
    }
    const reply = writeExport(singleChat([msg(1), msg(2, { reply_to_message_id: 1e308 })]))
    await expect(readAll(reply)).rejects.toThrow(/message id 2: field "reply_to_message_id" should be a positive whole number/)
    const chat = writeExport('{"name": "x", "type": "private_supergroup", "id": 9223372036854775807, "messages": [{"id": 1, "type": "message", "date": "2024-01-02T03:04:05", "text": ""}]}')
    await expect(readAll(chat)).rejects.toThrow(/field "id" should be a whole number within ±2\^53, got 9223372036854776000/)
  })

  it('a chats.list that is an object is one clear error, not an empty conversion', async () => {
    const dir = writeExport({ chats: { about: 'x', list: { name: 'x', id: 1, messages: [] } } })
    await expect(readAll(dir)).rejects.toThrow(/"list" of a chats section should be an array of chats, got an object/)
  })
})
