// Each test file gets its own temporary folder, removed when the file is done: the suite makes
// thousands of vaults with mkdtemp and left them all behind (78 GB in /tmp filled a shared disk).
// TMPDIR is set for this process and the tobs processes the tests spawn, which inherit it.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'

process.env.TOBS_TEST_TMP_BASE ??= tmpdir()
const dir = mkdtempSync(join(process.env.TOBS_TEST_TMP_BASE, 'tobs-test-'))
// open to all as /tmp is: tests run tobs as another user (nobody) inside their vaults
chmodSync(dir, 0o1777)
process.env.TMPDIR = dir

afterAll(() => {
  process.env.TMPDIR = process.env.TOBS_TEST_TMP_BASE
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 })
  } catch {
    // a mount point or a file a stray child still writes: leave it rather than fail the tests
  }
})
