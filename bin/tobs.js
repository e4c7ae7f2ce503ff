#!/usr/bin/env -S node --max-semi-space-size=2
// Entry point: the compiled build (dist/, made by `npm run build` at install) when present, otherwise
// the TypeScript sources through tsx. The small young generation keeps memory flat on long exports.
import { existsSync } from 'node:fs'

const built = new URL('../dist/src/cli/main.js', import.meta.url)
if (existsSync(built)) {
  await import(built.href)
} else {
  const { register } = await import('tsx/esm/api')
  register()
  await import('../src/cli/main.ts')
}
