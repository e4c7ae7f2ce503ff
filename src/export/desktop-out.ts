// `tobs export --format desktop-json`: the vault's state database written as a Telegram Desktop export
// (result.json + media folders), losslessly for tobs' own reader (desktop/extras.ts), so that
// `tobs convert` of it rebuilds the same vault.
//
// Layout, as tdesktop writes it: one chat -> "Export chat history" (`<out>/result.json` holding the
// chat, media in `<out>/photos/`, `<out>/files/`...); several chats -> "Export Telegram data"
// (`<out>/result.json` with `chats.list`, media in `<out>/chats/chat_<n>/photos/`...). Paths in the
// JSON are relative to result.json. Files the vault holds are copied; files it lacks are Desktop's
// "(File not included...)", their reason kept under "tobs".
import { existsSync } from 'node:fs'
import { mkdir, open } from 'node:fs/promises'
import { cloneFile } from '../runtime/zero-copy.ts'
import { dirname, extname, join } from 'node:path'
import { writeDesktopAccount, writeDesktopExport } from '../desktop/index.ts'
import type { Chat, FileKind, FileRef, Message } from '../model/types.ts'
import { indexNoteName, safeName } from '../vault/paths.ts'
import { StateDb, StateError, type StoredChat } from '../vault/state.ts'

export interface DesktopOutOptions {
  /** only these chats (bare ids), default every chat of the vault */
  chatIds?: number[]
}

export interface DesktopOutSummary {
  chats: number
  messages: number
}

export async function writeDesktopFromVault(
  vaultDir: string, outDir: string, opts: DesktopOutOptions = {},
): Promise<DesktopOutSummary> {
  if (!existsSync(join(vaultDir, '.tobs', 'state.db'))) throw new StateError(`${vaultDir} holds no tobs vault (.tobs/state.db)`)
  const state = StateDb.open(vaultDir)
  try {
    const chats = await exportOrder(vaultDir, selectChats(state, opts.chatIds))
    const files = new DesktopFiles(vaultDir, outDir)
    const out = chats.map((c, i) => ({
      chat: withTopics(state, c.chat),
      messages: desktopMessages(state, c.chat.id, files, chats.length === 1 ? '' : chatPrefix(i, chats.length)),
    }))
    const messages = out.length === 1
      ? await writeDesktopExport(outDir, out[0]!.chat, out[0]!.messages)
      : await writeDesktopAccount(outDir, out)
    return { chats: chats.length, messages }
  } finally {
    state.close()
  }
}

function selectChats(state: StateDb, ids: number[] | undefined): StoredChat[] {
  const all = state.chats.all()
  if (!ids) return all
  return ids.map((id) => {
    const c = all.find((x) => x.chat.id === id)
    if (!c) throw new StateError(`chat ${id} is not in the vault`)
    return c
  })
}

/**
 * Chats in the order the vault last wrote them (the `exported_at` of their index notes), then by
 * id. A live export renders a chat's links to other chats (forwards, t.me links) and shares media
 * of equal content as far as the chats before it were exported; a conversion in the same order
 * renders the same notes. (The state database keeps no order; see the report to the lead.)
 */
async function exportOrder(vaultDir: string, chats: StoredChat[]): Promise<StoredChat[]> {
  const keyed = await Promise.all(chats.map(async (c) => ({ c, at: await exportedAt(join(vaultDir, c.folder, `${indexNoteName(c.chat)}.md`)) })))
  keyed.sort((a, b) => (a.at === b.at ? 0 : a.at === undefined ? 1 : b.at === undefined ? -1 : a.at < b.at ? -1 : 1) || a.c.chat.id - b.c.chat.id)
  return keyed.map((k) => k.c)
}

async function exportedAt(note: string): Promise<string | undefined> {
  const handle = await open(note, 'r').catch(() => undefined)
  if (!handle) return undefined
  try {
    const buf = Buffer.alloc(2048)
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0)
    return /^exported_at: "?([^"\n]+)"?$/m.exec(buf.subarray(0, bytesRead).toString('utf8'))?.[1]
  } finally {
    await handle.close()
  }
}

/** The chat with every topic the vault knows (some are only learned from messages). */
function withTopics(state: StateDb, chat: Chat): Chat {
  const topics = state.chats.topics(chat.id).map((t) => t.topic)
  return topics.length > 0 ? { ...chat, topics } : chat
}

/** `chats/chat_07/` as tdesktop numbers the chats of a full export (zero-padded to the count). */
function chatPrefix(index: number, count: number): string {
  return `chats/chat_${String(index + 1).padStart(String(count).length, '0')}/`
}

const PAGE = 500

/** A chat's messages ascending, paged (never the whole chat in memory), files made Desktop's. */
async function* desktopMessages(state: StateDb, chatId: number, files: DesktopFiles, prefix: string): AsyncGenerator<Message> {
  let after = Number.MIN_SAFE_INTEGER
  for (;;) {
    const page = state.messages.page(chatId, after, PAGE)
    if (page.length === 0) return
    for (const m of page) {
      await placeFiles(state, m, files, prefix)
      yield m
    }
    after = page[page.length - 1]!.id
  }
}

/** Rewrites the message's files in place: a copied file's Desktop path, or why it is missing. */
async function placeFiles(state: StateDb, m: Message, files: DesktopFiles, prefix: string): Promise<void> {
  const media = m.media
  if (!media) return
  const one = (f: FileRef, slot: number) => desktopFile(state, m, f, slot, files, prefix)
  if (media.type === 'file') media.file = await one(media.file, 0)
  else if (media.type === 'webpage' && media.photo) media.photo = await one(media.photo, 1)
  else if (media.type === 'paid') media.files = await Promise.all(media.files.map((f, i) => one(f, i)))
}

/**
 * The FileRef the Desktop reader will make: `ref` and `uniqueId` from the Desktop path, or
 * `unavailable` with the very words the live vault shows for it (VaultContext.mediaFor and
 * render/media.ts), so that a conversion renders the same placeholder.
 */
async function desktopFile(state: StateDb, m: Message, f: FileRef, slot: number, files: DesktopFiles, prefix: string): Promise<FileRef> {
  const { ref: _ref, unavailable: _unavailable, ...rest } = f
  let reason = f.unavailable
  if (reason === undefined) {
    const placed = state.media.placement(m.chatId, m.id, f.uniqueId)
    if (placed) {
      const path = await files.copy(placed, state.media.get(f.uniqueId)?.sha256, f, prefix)
      if (path !== undefined) return { ...rest, uniqueId: `desktop:${path}`, ref: path }
    }
    reason = placed ? 'file missing from the vault' : state.media.get(f.uniqueId)?.skipped ?? 'media not exported'
  }
  return { ...rest, uniqueId: `desktop:unavailable:${m.chatId}/${m.id}${slot === 0 ? '' : `/${slot}`}`, unavailable: reason }
}

/** Desktop's media folders. */
const FOLDERS: Record<FileKind, string> = {
  photo: 'photos', video: 'video_files', animation: 'animations', audio: 'files', voice: 'voice_messages',
  video_note: 'round_video_messages', sticker: 'stickers', file: 'files',
}

/**
 * Copies vault files into the export under the file's own name ("name (1).ext" on a clash, as
 * Desktop does). Equal bytes are copied once and shared (the vault hard-links them anyway).
 */
class DesktopFiles {
  private readonly copied = new Map<string, string | undefined>()
  private readonly taken = new Set<string>()

  constructor(private readonly vaultDir: string, private readonly outDir: string) {}

  async copy(vaultPath: string, sha256: string | undefined, f: FileRef, prefix: string): Promise<string | undefined> {
    const key = sha256 ?? vaultPath
    if (this.copied.has(key)) return this.copied.get(key)
    const path = this.freePath(`${prefix}${FOLDERS[f.kind]}/`, safeName(f.name, 'file', 100))
    const target = join(this.outDir, path)
    await mkdir(dirname(target), { recursive: true })
    // a reflink or the kernel's copy: the bytes never pass through JavaScript
    const ok = await cloneFile(join(this.vaultDir, vaultPath), target).then(() => true, () => false)
    this.copied.set(key, ok ? path : undefined)
    if (!ok) this.taken.delete(path.toLowerCase())
    return ok ? path : undefined
  }

  private freePath(folder: string, name: string): string {
    const ext = extname(name)
    const stem = name.slice(0, name.length - ext.length)
    let path = folder + name
    for (let i = 1; this.taken.has(path.toLowerCase()); i++) path = `${folder}${stem} (${i})${ext}`
    this.taken.add(path.toLowerCase())
    return path
  }
}
