// Index note of a chat and the top of a period note: frontmatter per the vault contract, a heading, links.
import type { Chat, Topic } from '../model/types.ts'
import { escapeInline, wellFormed, wikiLink, yamlString } from './escape.ts'
import { plural } from './format.ts'

export interface IndexNoteInfo {
  chat: Chat
  /** ISO time of the export */
  exportedAt: string
  messageCount: number
  firstId?: number
  lastId?: number
  /** period notes, vault-relative paths without `.md` */
  notes: { label: string; path: string }[]
  /** forum topics and their index notes */
  topics?: { topic: Topic; path: string; messageCount: number }[]
}

/** The chat index note: frontmatter (tg_id, tg_type, tg_title, tg_username, exported_at, message_count, first_id, last_id), heading, links. */
export function renderIndexNote(info: IndexNoteInfo): string {
  const { chat } = info
  const fm = ['---', `tg_id: ${chat.id}`, `tg_type: ${chat.kind}`, `tg_title: ${yamlString(chat.title)}`]
  if (chat.username) fm.push(`tg_username: ${yamlString(chat.username)}`)
  fm.push(`exported_at: ${yamlString(info.exportedAt)}`, `message_count: ${info.messageCount}`)
  if (info.firstId !== undefined) fm.push(`first_id: ${info.firstId}`)
  if (info.lastId !== undefined) fm.push(`last_id: ${info.lastId}`)
  fm.push('---', '')
  const out = [...fm, `# ${heading(chat.title)}`, '']
  const about = [`${kindWord(chat)} · ${plural(info.messageCount, 'message')}`]
  if (chat.username) about.push(`[t.me/${escapeInline(chat.username)}](https://t.me/${encodeURIComponent(wellFormed(chat.username))})`)
  out.push(about.join(' · '), '')
  if (info.topics?.length) {
    out.push('## Topics', '')
    for (const t of info.topics) {
      const icon = t.topic.iconEmoji ? t.topic.iconEmoji + ' ' : ''
      const closed = t.topic.closed ? ' · closed' : ''
      out.push(`- ${wikiLink(t.path, icon + t.topic.title)} (${plural(t.messageCount, 'message')}${closed})`)
    }
    out.push('')
  }
  if (info.notes.length) {
    out.push('## Messages', '')
    for (const n of info.notes) out.push(`- ${wikiLink(n.path, n.label)}`)
    out.push('')
  }
  return out.join('\n')
}

/** The top of a period note: tiny frontmatter (tg_chat_id, period, tg_topic_id) and a heading. */
export function renderPeriodHeader(info: { chat: Chat; topic?: Topic; period: string }): string {
  const fm = ['---', `tg_chat_id: ${info.chat.id}`, `period: ${yamlString(info.period)}`]
  if (info.topic) fm.push(`tg_topic_id: ${info.topic.id}`)
  fm.push('---', '')
  const title = info.topic ? `${info.chat.title} / ${info.topic.title}` : info.chat.title
  return fm.join('\n') + `# ${heading(title)} · ${escapeInline(info.period)}\n\n`
}

/** Heading text: one line, escaped (it follows `# `, so block syntax at its start is harmless). */
function heading(title: string): string {
  return escapeInline(title.trim() === '' ? 'Untitled' : title)
}

function kindWord(chat: Chat): string {
  const words: Record<string, string> = {
    channel: 'Channel', group: 'Group', supergroup: 'Supergroup', forum: 'Forum',
    private: 'Private chat', saved: 'Saved Messages', bot: 'Bot chat',
  }
  return words[chat.kind] ?? chat.kind
}
