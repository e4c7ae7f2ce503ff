#!/usr/bin/env -S MALLOC_TRIM_THRESHOLD_=262144 node --max-semi-space-size=4 --max-old-space-size=128 --expose-gc --max-inlined-bytecode-size-cumulative=300
// Entry point: the compiled build (dist/, made by `npm run build` at install) when present, otherwise
// the TypeScript sources through tsx. A small young generation and a capped old one keep memory
// flat on long exports (the live heap stays near 30-50 MB; run node with a larger
// --max-old-space-size by hand if an unusual account ever needs more). glibc's malloc otherwise
// raises its trim threshold as buffers come and go and keeps the freed memory: a fixed one gave the
// 500k-message bench ~6 MB less peak RSS at no CPU cost (no effect off glibc). The young generation
// is 4 MB a half, not 2 (issue 10): with 2, a page of 100 messages still in use when the young
// generation filled was copied and promoted, and scavenges took 2.4 of a 40 MB convert's 6.5 s of CPU
// (740 of them, 0.8 s at 8 MB); 4 MB cut the fast export's CPU ~10 µs a message for ~6 MB more RSS.
// --expose-gc lets media/collect.ts free written file parts with a young-generation collection every
// 4 MiB (issue 11: the media bench's peak RSS 150 -> 134 MB); nothing else calls gc().
// TurboFan inlines at most 300 bytes of bytecode into one optimized function, not 920 (issue 10):
// V8 compiles on helper threads, whose CPU was a quarter of a 50k-message export's, and inlining
// is much of that work (50k messages decoded cold by the history reader: 140-200 ms of helper CPU,
// 80-120 with no inlining at all, the main thread's ~110 ms the same). Fast export, seven
// alternated pairs at load 6-7: helper threads 17.3 -> 14.1 µs a message (lower in each pair), main
// thread 45.4 -> 44.1, all 62.6 -> 58.2; warm fetch floor 20.0 -> 17.5; convert, render: same.
import { existsSync } from 'node:fs'

const built = new URL('../dist/src/cli/bin.js', import.meta.url)
if (existsSync(built)) {
  await import(built.href)
} else {
  const { register } = await import('tsx/esm/api')
  register()
  await import('../src/cli/bin.ts')
}
