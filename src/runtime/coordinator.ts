// The named pools of one run (I/O, processing, transcription), sized from the core count and the
// disk kind, reported together. Heavy work (ffmpeg, sharp, a speech model) gets its own pools so that
// I/O never waits behind it (issue 12).
import { availableParallelism } from 'node:os'
import { PriorityPool, type PoolMetrics } from './pool.ts'
import { diskKind, type DiskKind } from './disk.ts'

export type PoolName = 'io' | 'processing' | 'transcription'

export interface PoolSizes { io: number; processing: number; transcription: number }

/**
 * Rotational disks seek: a few I/O workers; flash takes many. Processing uses the cores but one, so
 * the export's own thread keeps one; transcription is memory-hungry (a speech model per process): one
 * per four cores.
 */
export function poolSizes(cores: number, disk: DiskKind): PoolSizes {
  return {
    io: disk === 'rotational' ? 4 : 16,
    processing: Math.max(1, cores - 1),
    transcription: Math.max(1, Math.floor(cores / 4)),
  }
}

export class PoolCoordinator {
  private readonly pools = new Map<PoolName, PriorityPool>()

  constructor(readonly sizes: PoolSizes, private readonly maxQueued = 10_000) {}

  static forDir(dir: string, overrides: Partial<PoolSizes> = {}): PoolCoordinator {
    return new PoolCoordinator({ ...poolSizes(availableParallelism(), diskKind(dir)), ...overrides })
  }

  pool(name: PoolName): PriorityPool {
    let p = this.pools.get(name)
    if (!p) {
      p = new PriorityPool({ name, concurrency: this.sizes[name], maxQueued: this.maxQueued })
      this.pools.set(name, p)
    }
    return p
  }

  metrics(): PoolMetrics[] {
    return [...this.pools.values()].map((p) => p.metrics())
  }

  async onIdle(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.onIdle()))
  }

  async shutdown(graceful = true): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.shutdown(graceful)))
  }
}
