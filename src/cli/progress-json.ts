// Progress as JSON lines, for pipes and other programs: one object per event, the summary last.
import type { Progress } from '../export/progress.ts'

export function jsonProgress(write: (line: string) => void): Progress {
  let lastTick = 0
  let lastProcessing = 0
  const emit = (event: string, data: object) => write(JSON.stringify({ event, ...data }))
  return {
    chatStarted: (p) => emit('chat_started', p),
    chatAdvanced(p) {
      // rate-limited: a line per second per run is plenty for a reader
      const now = Date.now()
      if (now - lastTick < 1000) return
      lastTick = now
      emit('chat_progress', p)
    },
    chatFinished: (p) => emit('chat_finished', p),
    takeoutDelay: (secondsLeft) => emit('takeout_delay', { seconds_left: secondsLeft }),
    media: (p) => emit('media', p),
    processing(p) {
      // a line a second, and the one that says every job started is done
      const now = Date.now()
      if (now - lastProcessing < 1000 && p.done < p.total) return
      lastProcessing = now
      emit('processing', p)
    },
    warn: (message) => emit('warning', { message }),
    summary: (s) => emit('summary', s),
  }
}
