// The simulated world: public surface.
export { createWorld, type WorldOptions } from './world.ts'
export { SELF_ID, BOT_ID } from './layout.ts'
export type * from './types.ts'
