// A RenderContext for tests: a small fake vault with two exported chats.
import type { FileRef, Message } from '../model/types.ts'
import type { MediaPlacement, RenderContext } from './context.ts'

/** Chat 100 (@news, notes per month) and chat 200 (private group) are exported; message ids < 1000 exist. */
export function testContext(over: Partial<RenderContext> = {}): RenderContext {
  return {
    noteFor(chatId: number, messageId: number) {
      if (messageId >= 1000) return undefined
      if (chatId === 100) return 'News (100)/2024/2024-01'
      if (chatId === 200) return 'Group (200)/2024/2024-01'
      return undefined
    },
    mediaFor(msg: Message, file: FileRef): MediaPlacement | undefined {
      if (file.name.startsWith('big')) return { skipped: 'too large' }
      if (file.name.startsWith('none')) return undefined
      return { path: `News (100)/_media/${file.kind}/${msg.id}-${file.name}` }
    },
    chatByUsername(username: string) {
      return username.toLowerCase() === 'news' ? 100 : undefined
    },
    chatNote(chatId: number) {
      return chatId === 100 ? 'News (100)/News' : undefined
    },
    userName(userId: number) {
      return userId === 7 ? 'Alice' : undefined
    },
    timeZone: 'UTC',
    ...over,
  }
}
