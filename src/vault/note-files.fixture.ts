// A process for note-files.test.ts: writes one note through NoteFiles and kills itself with SIGKILL
// right after the step named in argv (written, recorded or placed), as a power cut or kill -9 would.
import { NoteFiles, type NoteStep } from './note-files.ts'
import { StateDb } from './state.ts'

const [vault, rel, text, step] = process.argv.slice(2) as [string, string, string, NoteStep]
const state = StateDb.open(vault)
const files = new NoteFiles(state, vault, {
  onStep: (s) => {
    if (s === step) process.kill(process.pid, 'SIGKILL')
  },
})
await files.write(rel, [text])
process.stdout.write('not killed\n')
