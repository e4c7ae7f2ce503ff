// A synthetic Telegram Desktop export big enough that `tobs convert` (and `tobs render` of its vault)
// runs for seconds: a test can stop it mid-way and know it did.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tempVault } from './helpers.ts'

/** `chats` chats of `perChat` messages, one every 3 hours from 2021; returns the export folder. */
export function writeBigExport(chats: number, perChat: number): string {
  const dir = tempVault()
  const list = Array.from({ length: chats }, (_, c) => ({
    name: `Chat ${c + 1}`, type: 'private_supergroup', id: 5000 + c,
    messages: Array.from({ length: perChat }, (_, i) => {
      const id = i + 1
      const unix = 1_609_459_200 + i * 3 * 3600
      const text = `message ${id} of chat ${c + 1}, with some words to render 🌿`
      return {
        id, type: 'message', date: new Date(unix * 1000).toISOString().slice(0, 19), date_unixtime: String(unix),
        from: `User ${id % 7}`, from_id: `user${100 + (id % 7)}`, text, text_entities: [{ type: 'plain', text }],
        ...(id % 5 === 0 ? { reply_to_message_id: id - 2 } : {}),
      }
    }),
  }))
  writeFileSync(join(dir, 'result.json'), JSON.stringify({ chats: { about: '', list } }))
  return dir
}
