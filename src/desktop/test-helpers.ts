// Test helpers: write a synthetic export to a temp dir and read it back whole.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Chat, Message } from '../model/types.ts'
import { openDesktopExport } from './index.ts'

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'tobs-desktop-'))
}

/** Writes `content` (an object, or raw text) as result.json in a fresh temp folder; returns the folder. */
export function writeExport(content: unknown): string {
  const dir = tempDir()
  writeFileSync(join(dir, 'result.json'), typeof content === 'string' ? content : JSON.stringify(content, null, 1))
  return dir
}

export async function readAll(path: string): Promise<{ chat: Chat; messages: Message[] }[]> {
  const exp = await openDesktopExport(path)
  const out: { chat: Chat; messages: Message[] }[] = []
  for await (const c of exp.chats()) {
    const messages: Message[] = []
    for await (const m of c.messages) messages.push(m)
    out.push({ chat: c.chat, messages })
  }
  return out
}

/** A single-chat export around `messages`. */
export function singleChat(messages: object[], header: object = { name: 'Test', type: 'private_supergroup', id: 42 }): object {
  return { ...header, messages }
}

/** A minimal message of the current format. */
export function msg(id: number, extra: object = {}): object {
  return { id, type: 'message', date: '2024-01-02T03:04:05', date_unixtime: String(1704164645 + id), from: 'Ann', from_id: 'user7', text: '', text_entities: [], ...extra }
}

/** The messages of a single-chat export (fails unless there is exactly one chat). */
export async function readOne(path: string): Promise<Message[]> {
  const chats = await readAll(path)
  if (chats.length !== 1) throw new Error(`expected one chat, got ${chats.length}`)
  return chats[0]!.messages
}
