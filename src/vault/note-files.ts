// Every note tobs writes or removes goes through here (issue 16), so that a note the user changed is
// never overwritten or deleted silently. What the user added outside tobs's message blocks (between
// blocks, or after the end) is carried into the new version; any other change keeps the user's
// version beside the note as `<note> (your edit <time>).txt` (a .txt: its block ids must not appear
// twice in the vault), told through `warn` and listed for the run's summary.
//
// Crash safety: the new text is written to a temporary file, then recorded (size, mtime, hash, and
// the hash it replaces), then renamed into place. Killed before the record, the old note stands and
// its record still fits; killed between record and rename, the old text matches `prevHash`; killed
// after, the new note matches its record. No kill makes tobs's own text look like the user's.
import { rmSync, statSync, type Stats } from 'node:fs'
import { rename } from 'node:fs/promises'
import { join } from 'node:path'
import { place, writeChunksBeside } from './files.ts'
import { NoteHasher, scanNote, weave, type UserAdditions } from './note-text.ts'
import type { StateDb } from './state.ts'
import type { WrittenNote } from './state/written-notes.ts'

export type NoteStep = 'written' | 'recorded' | 'placed'

export interface NoteFilesOptions {
  now?: () => Date
  warn?: (message: string) => void
  /** told after each step of a write (the crash tests kill the process there) */
  onStep?: (step: NoteStep, rel: string) => void
}

type Found =
  | { kind: 'tobs'; matched?: string }
  | { kind: 'merge'; matched: string; additions: UserAdditions }
  | { kind: 'edited' }

export class NoteFiles {
  /** notes whose user version was set aside this run (vault-relative names of the copies) */
  readonly keptAside: string[] = []
  /** notes rewritten with the user's additions carried over (each once, however often it was written) */
  readonly merged = new Set<string>()

  constructor(private readonly state: StateDb, private readonly vaultDir: string, private readonly opts: NoteFilesOptions = {}) {}

  /**
   * Writes a note (vault-relative path with its extension) from chunks, after `head` (its header:
   * handed apart, a generator putting it before the chunks cost a resume a message), guarding the
   * user's changes. Resolves to the ms it gave the event loop meanwhile (other work ran then).
   */
  async write(rel: string, chunks: Iterable<string>, head = ''): Promise<number> {
    const abs = join(this.vaultDir, rel)
    // the time of this write, asked once per note as before (test/e2e/abort.test.ts stops a run by it)
    const at = this.opts.now?.()
    const known = this.state.writtenNotes.get(rel)
    const found = await this.inspect(abs, known)
    const hasher = new NoteHasher()
    // the hash is of tobs's text: from the bytes written, unless the user's additions are woven in
    if (found.kind === 'merge') hasher.update(head)
    const { tmp, awayMs } = found.kind === 'merge'
      ? await writeChunksBeside(abs, head, weave(tap(chunks, hasher), found.additions))
      : await writeChunksBeside(abs, head, chunks, (b) => hasher.bytes(b))
    this.opts.onStep?.('written', rel)
    try {
      // stat, rename and the note's record are synchronous: quick calls on the vault's own disk, where
      // each hand-off to the thread pool cost more CPU than the call (issue 10)
      const st = statSync(tmp)
      if (found.kind === 'edited') await this.setAside(rel, at)
      if (found.kind === 'merge') this.merged.add(rel)
      // a note carrying the user's additions never matches by size: the next write looks again
      const size = found.kind === 'merge' ? -1 : st.size
      const prevHash = found.kind === 'edited' ? undefined : (found.matched ?? known?.hash)
      this.state.writtenNotes.put(rel, { size, mtimeMs: st.mtimeMs, hash: hasher.digest(), prevHash })
      this.opts.onStep?.('recorded', rel)
      place(tmp, abs)
      this.opts.onStep?.('placed', rel)
    } catch (e) {
      rmSync(tmp, { force: true })
      throw e
    }
    return awayMs
  }

  /** Removes a note tobs wrote; one the user changed is kept aside instead. */
  async remove(rel: string): Promise<void> {
    const abs = join(this.vaultDir, rel)
    const found = await this.inspect(abs, this.state.writtenNotes.get(rel))
    if (found.kind === 'tobs') rmSync(abs, { force: true })
    else await this.setAside(rel, this.opts.now?.())
    this.state.writtenNotes.delete(rel)
  }

  /** Whether the note on disk is tobs's, tobs's plus the user's additions, or changed otherwise. */
  private async inspect(abs: string, known: WrittenNote | undefined): Promise<Found> {
    const st = statOrNot(abs)
    // no note, or one written before tobs recorded its notes: nothing to compare with
    if (!st || !known) return { kind: 'tobs' }
    if (st.size === known.size && st.mtimeMs === known.mtimeMs) return { kind: 'tobs', matched: known.hash }
    if (!known.hash || !st.isFile()) return { kind: 'edited' }
    const scan = await scanNote(abs, [known.hash, known.prevHash].filter((h): h is string => !!h))
    if (scan.matched && !scan.additions) return { kind: 'tobs', matched: scan.matched }
    if (scan.matched && scan.additions) return { kind: 'merge', matched: scan.matched, additions: scan.additions }
    return { kind: 'edited' }
  }

  private async setAside(rel: string, at?: Date): Promise<void> {
    const stamp = (at ?? new Date()).toISOString().slice(0, 19).replace(/:/g, '-')
    const aside = `${rel.replace(/\.md$/, '')} (your edit ${stamp}).txt`
    await rename(join(this.vaultDir, rel), join(this.vaultDir, aside))
    this.keptAside.push(aside)
    this.opts.warn?.(`${rel} was changed outside tobs; your version is kept as ${aside}`)
  }
}

/** The file's stat, or undefined when there is none or it cannot be read (a missing one throws nothing: cheaper). */
function statOrNot(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false })
  } catch {
    return undefined
  }
}

function* tap(chunks: Iterable<string>, hasher: NoteHasher): Generator<string> {
  for (const c of chunks) {
    hasher.update(c)
    yield c
  }
}
