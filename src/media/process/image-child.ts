// The process sharp runs in: its CPU priority is lowered before sharp loads, so libvips and the
// thread pool it runs on inherit it (see image-worker.ts). Requests and answers travel over IPC.
import { constants, setPriority } from 'node:os'
import type { ImageOptions, ImageResult } from './image.ts'

export interface ImageRequest { id: number; from: string; to: string; opts: ImageOptions }
export type ImageAnswer = { id: number; result: ImageResult } | { id: number; error: string }

try {
  setPriority(constants.priority.PRIORITY_LOW)
} catch { /* not allowed here: it runs at normal priority */ }
const { optimizeImage, configureSharp } = await import('./image.ts')
await configureSharp(Number(process.argv[2]) || 1)

process.on('message', (m: ImageRequest) => {
  optimizeImage(m.from, m.to, m.opts).then(
    (result) => process.send?.({ id: m.id, result } satisfies ImageAnswer),
    (e: Error) => process.send?.({ id: m.id, error: e.message.split('\n')[0] } satisfies ImageAnswer),
  )
})
// the parent is gone (ended or killed): nothing is left to answer
process.on('disconnect', () => process.exit(0))
