// `tobs sync` (issue 15): brings every chat of a sync file up to date in one run (new messages, and
// edits and deletions inside each chat's refresh window), recording per chat when it started and
// finished so `tobs status` can tell after any stop. Entries with the same options share one export.
import { join } from 'node:path'
import type { SyncConfig, SyncEntry } from '../config/sync-config.ts'
import type { Client } from '../telegram/client.ts'
import { ALL_FILE_KINDS } from '../media/queue.ts'
import { lockVault, VaultBusyError } from '../vault/lock.ts'
import { StateDb } from '../vault/state.ts'
import { RunMeter } from './meter.ts'
import { silentProgress, type ChatProgress, type Progress } from './progress.ts'
import { runExport } from './run-export.ts'
import { indexVault } from './search.ts'

export interface ChatChange {
  chat_id: number
  title: string
  added: number
  /** stored messages found edited or deleted in the refresh window */
  refreshed: number
}

export interface SyncResult {
  chats: ChatChange[]
  requests: number
  seconds: number
}

export interface SyncDeps {
  client: Client
  selfId: number
  /** the session file: one sync per account at a time */
  session: string
  progress?: Progress
  signal?: AbortSignal
  meter?: RunMeter
}

/** Thrown when another sync holds the account or the vault. */
export class SyncBusyError extends Error {}

export async function runSync(config: SyncConfig, deps: SyncDeps): Promise<SyncResult> {
  const started = performance.now()
  const unlock = lockSync(config.vault, deps.session)
  const meter = deps.meter ?? new RunMeter()
  const changes: ChatChange[] = []
  try {
    for (const group of groupByOptions(config.chats)) {
      deps.signal?.throwIfAborted()
      const e = group[0]!
      const recorder = recordingProgress(config.vault, deps.progress ?? silentProgress, changes)
      try {
        await runExport({
          targets: group.flatMap((g) => (g.target ? [g.target] : [])), kinds: group.flatMap((g) => g.kinds ?? []),
          out: config.vault, split: e.split, takeout: config.takeout, refresh: e.refresh || undefined, comments: e.comments,
          media: e.media && {
            concurrency: 4, maxSize: e.media.maxFileSize, kinds: new Set(e.media.kinds ?? ALL_FILE_KINDS),
          },
        }, { client: deps.client, selfId: deps.selfId, progress: recorder.progress, meter, signal: deps.signal })
      } finally {
        recorder.close()
      }
    }
    indexVault(config.vault)
    return { chats: changes, requests: meter.requests, seconds: Math.round((performance.now() - started) / 100) / 10 }
  } finally {
    unlock()
  }
}

/** Entries that ask for the same options run as one export (one takeout, one dialog list). */
function groupByOptions(entries: SyncEntry[]): SyncEntry[][] {
  const groups = new Map<string, SyncEntry[]>()
  for (const e of entries) {
    const key = JSON.stringify([e.split, e.refresh, e.media, e.comments])
    groups.set(key, [...(groups.get(key) ?? []), e])
  }
  return [...groups.values()]
}

/** Passes progress on, and writes each chat's start and finish to the vault's sync table. */
function recordingProgress(vault: string, inner: Progress, changes: ChatChange[]) {
  const state = StateDb.open(vault)
  const progress: Progress = {
    ...inner,
    chatStarted(p: ChatProgress) {
      state.syncs.started(p.chatId)
      inner.chatStarted(p)
    },
    chatFinished(p: ChatProgress) {
      const refreshed = (p.edited ?? 0) + (p.deleted ?? 0)
      state.syncs.finished(p.chatId, p.done, refreshed)
      changes.push({ chat_id: p.chatId, title: p.title, added: p.done, refreshed })
      inner.chatFinished(p)
    },
  }
  return { progress, close: () => state.close() }
}

/** One sync per vault and one per account (their session): a second one refuses at once. */
function lockSync(vault: string, session: string): () => void {
  const locks: (() => void)[] = []
  try {
    for (const [dir, what] of [[join(vault, '.tobs', 'sync'), `vault ${vault}`], [`${session}.sync`, `account of ${session}`]] as const) {
      try {
        locks.push(lockVault(dir))
      } catch (e) {
        if (e instanceof VaultBusyError) throw new SyncBusyError(`another tobs sync is running on the ${what}${pidOf(e.message)}`)
        throw e
      }
    }
  } catch (e) {
    for (const u of locks) u()
    throw e
  }
  return () => { for (const u of locks.reverse()) u() }
}

const pidOf = (message: string) => / \(pid \d+\)$/.exec(message)?.[0] ?? ''
