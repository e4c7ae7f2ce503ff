// Dead file parts collected as they die (issue 11). A part is ~1 MiB outside the JS heap behind a
// few bytes inside it, and V8's young generation is collected when the heap's own allocations fill
// it: during downloads that is after tens of parts, so at the media bench's peak ~30 MB of RSS was
// parts already written and not yet freed. A young-generation collection (1-2 ms: only what is
// alive is copied) after every few MiB of parts frees them. It needs `node --expose-gc`, as
// bin/tobs.js and `npm run bench` run it; elsewhere (tests in-process) it does nothing.

type MinorGc = (options: { type: 'minor'; execution: 'sync' }) => void

const EVERY = 4 * 2 ** 20

export class PartCollector {
  private since = 0

  constructor(private readonly gc: MinorGc | undefined = (globalThis as { gc?: MinorGc }).gc) {}

  /** `bytes` of part buffers were written and dropped. */
  dropped(bytes: number): void {
    if (!this.gc) return
    this.since += bytes
    if (this.since < EVERY) return
    this.since = 0
    this.gc({ type: 'minor', execution: 'sync' })
  }
}

/** One for the process: parts of every file count towards the same collections. */
export const partCollector = new PartCollector()
