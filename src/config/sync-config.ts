// The chat set `tobs sync` keeps (issue 15): a YAML file naming the vault and the chats, with
// per-chat options. Any mistake is one line naming the file, line and column, and the key.
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml'
import { z } from 'zod'
import type { ChatKind, FileKind } from '../model/types.ts'
import { SPLITS } from './config.ts'

const CHAT_KINDS = ['channel', 'group', 'supergroup', 'forum', 'private', 'saved', 'bot'] as const
const FILE_KINDS = ['photo', 'video', 'audio', 'voice', 'video_note', 'sticker', 'animation', 'file'] as const

const Media = z.union([
  z.literal(false),
  z.strictObject({
    kinds: z.array(z.enum(FILE_KINDS)).min(1).optional(),
    /** megabytes */
    max_file_size: z.number().positive().optional(),
  }),
])

const Options = {
  split: z.enum(SPLITS).optional(),
  /** re-read the newest N stored messages for edits and deletions */
  refresh: z.number().int().min(0).optional(),
  media: Media.optional(),
  /** channels: also each post's comments from the linked discussion group */
  comments: z.boolean().optional(),
}

const Entry = z.strictObject({
  chat: z.union([z.string().min(1), z.number().int()]).optional(),
  kinds: z.array(z.enum(CHAT_KINDS)).min(1).optional(),
  ...Options,
}).refine((e) => (e.chat === undefined) !== (e.kinds === undefined), {
  message: 'name a chat ("chat: @name") or chat kinds ("kinds: [private, group]"), not both',
})

const Schema = z.strictObject({
  vault: z.string().min(1),
  session: z.string().min(1).optional(),
  takeout: z.boolean().optional(),
  ...Options,
  chats: z.array(Entry).min(1),
})

export type SyncFile = z.infer<typeof Schema>

/** One chat (or every dialog of some kinds) with its options resolved against the file's defaults. */
export interface SyncEntry {
  /** where it stands in the file, for messages: `chats[2]` */
  place: string
  target?: string
  kinds?: ChatKind[]
  split: (typeof SPLITS)[number]
  refresh: number
  media: false | { kinds?: FileKind[]; maxFileSize: number }
  comments: boolean
}

export interface SyncConfig {
  vault: string
  session?: string
  takeout: boolean
  chats: SyncEntry[]
}

export class SyncConfigError extends Error {}

const DEFAULT_REFRESH = 100
const DEFAULT_MAX_MB = 50

/** Parses and checks the file's text; `name` is how messages call the file. */
export function parseSyncConfig(text: string, name: string): SyncConfig {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true })
  const where = (node: Node | null | undefined) => {
    const at = node?.range ? lines.linePos(node.range[0]) : undefined
    return at ? `${name}:${at.line}:${at.col}` : name
  }
  if (doc.errors.length) {
    const e = doc.errors[0]!
    const at = e.linePos?.[0]
    const message = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')
    throw new SyncConfigError(`${at ? `${name}:${at.line}:${at.col}` : name}: ${message}`)
  }
  const parsed = Schema.safeParse(doc.toJS())
  if (!parsed.success) {
    const issue = deepest(parsed.error.issues)
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol')
    const node = nodeAt(doc.contents as Node, path, issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined)
    throw new SyncConfigError(`${where(node)}: ${describePath(path, issue)}`)
  }
  return resolve(parsed.data)
}

/** A union reports its branches' issues: the one that went furthest into the entry says most. */
function deepest(issues: z.core.$ZodIssue[]): z.core.$ZodIssue {
  const all: z.core.$ZodIssue[] = []
  const walk = (list: z.core.$ZodIssue[]) => {
    for (const i of list) {
      if (i.code === 'invalid_union') {
        for (const branch of i.errors) walk(branch.map((b) => ({ ...b, path: [...i.path, ...b.path] })))
      } else all.push(i)
    }
  }
  walk(issues)
  // a misspelt key is the likeliest cause of whatever else is missing
  const unknown = all.find((i) => i.code === 'unrecognized_keys')
  if (unknown) return unknown
  return all.reduce((best, i) => (i.path.length > best.path.length ? i : best), all[0] ?? issues[0]!)
}

function describePath(path: (string | number)[], issue: z.core.$ZodIssue): string {
  const place = path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${p}` : p)).join('')
  if (issue.code === 'unrecognized_keys') return `${place ? `${place}: ` : ''}unknown key "${issue.keys[0]}"`
  if (issue.code === 'invalid_type' && issue.message.includes('undefined')) return `${place}: missing`
  return `${place}: ${issue.message}`
}

/** The YAML node at a path (or the key `key` inside it), for its line and column. */
function nodeAt(root: Node | null, path: (string | number)[], key?: string): Node | null {
  let node: Node | null = root
  for (const p of key === undefined ? path : [...path, key]) {
    if (isMap(node)) {
      const pair = node.items.find((it) => (it.key as { value?: unknown })?.value === p)
      if (!pair) return node
      node = (p === key ? pair.key : pair.value) as Node | null
    } else if (isSeq(node) && typeof p === 'number') {
      node = (node.items[p] as Node | undefined) ?? node
    } else return node
  }
  return node
}

function resolve(f: SyncFile): SyncConfig {
  const chats = f.chats.map((c, i): SyncEntry => {
    const media = c.media ?? f.media ?? {}
    return {
      place: `chats[${i}]`,
      target: c.chat === undefined ? undefined : String(c.chat),
      kinds: c.kinds,
      split: c.split ?? f.split ?? 'month',
      refresh: c.refresh ?? f.refresh ?? DEFAULT_REFRESH,
      comments: c.comments ?? f.comments ?? false,
      media: media === false ? false : {
        kinds: media.kinds, maxFileSize: (media.max_file_size ?? DEFAULT_MAX_MB) * 2 ** 20,
      },
    }
  })
  return { vault: f.vault, session: f.session, takeout: f.takeout ?? true, chats }
}
