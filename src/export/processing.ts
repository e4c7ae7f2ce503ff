// Media processing around a run: started with the run (jobs a killed run left are resumed at once),
// fed by the media queue as files are placed, drained after the downloads, and the notes whose
// files changed rewritten at the end. Shared by export, demo and `tobs process` (issue 12).
import { availableParallelism } from 'node:os'
import type { Message, FileRef } from '../model/types.ts'
import { createProcessor, wantsProcessing, type ProcessEnv, type ProcessSpec } from '../media/process/setup.ts'
import type { MediaProcessor } from '../media/process/runner.ts'
import type { StateDb } from '../vault/state.ts'
import type { PeriodOf } from '../media/process/runner.ts'
import { NoteWriter, type NoteWriterDeps } from './note-writer.ts'
import type { Summary } from './progress.ts'

export type { ProcessSpec } from '../media/process/setup.ts'

export function startProcessing(state: StateDb, vaultDir: string, periodOf: PeriodOf, spec: ProcessSpec | undefined,
  pe: ProcessEnv): MediaProcessor | undefined {
  if (!wantsProcessing(spec)) return undefined
  const p = createProcessor(state, vaultDir, periodOf, spec, pe)
  // the export's own work first: each core but two may process meanwhile (none on 2 cores)
  p.holdWhileExporting(Math.max(0, availableParallelism() - 2))
  p.resume()
  return p
}

/** The media queue's onPlaced hook for a processor. */
export function onPlacedFor(p: MediaProcessor | undefined): ((msg: Message, file: FileRef, rel: string) => void) | undefined {
  return p && ((msg, file, rel) => p.placed(msg.chatId, msg.id, file.uniqueId, file.kind, rel))
}

/**
 * Waits for every job, then rewrites the notes that now embed processed files or show transcripts.
 * `onlyChanged` (tobs process, no Telegram): those notes alone, leaving other stale notes for the
 * export that can fetch their media.
 */
export async function finishProcessing(p: MediaProcessor, deps: NoteWriterDeps, onlyChanged = false): Promise<number> {
  p.release()
  await p.drain()
  await p.removeOriginals()
  p.remarkNotes()
  let written = 0
  for (const chatId of p.touched) {
    const stored = deps.state.chats.get(chatId)
    if (!stored) continue
    const writer = NoteWriter.of(stored, { ...deps, mediaSettled: undefined })
    if (onlyChanged) await writer.finishOnly((topicId, period) => p.changedNote(chatId, topicId, period))
    else await writer.finish()
    written += writer.stats.notesWritten
  }
  p.touched.clear()
  return written
}

/** The summary's processing figures: what was done and how busy each pool was. */
export function processingSummary(p: MediaProcessor, state: StateDb): Partial<Summary> {
  const jobs = state.processing.counts()
  return {
    processing: {
      images: p.stats.images, videos: p.stats.videos, transcripts: p.stats.transcripts, failed: p.stats.failed,
      bytes_saved: p.stats.bytesSaved, pending: jobs.pending,
    },
    pools: p.poolMetrics(),
  }
}
