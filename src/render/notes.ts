// Index note of a chat and the top of a period note: frontmatter per the vault contract, a heading, links.
import type { Chat, Topic } from '../model/types.ts'
import { escapeInline, wellFormed, wikiLink, yamlString } from './escape.ts'
import { plural } from './format.ts'

export interface IndexNoteInfo {
  chat: Chat
  /** the forum topic this index note is for (its frontmatter then says tg_topic_id) */
  topic?: Topic
  /** IANA zone the notes' times and dates are in */
  timeZone?: string
  /** ISO time of the export */
  exportedAt: string
  messageCount: number
  firstId?: number
  lastId?: number
  /** period notes, vault-relative paths without `.md` */
  notes: { label: string; path: string; messageCount?: number }[]
  /** forum topics and their index notes */
  topics?: { topic: Topic; path: string; messageCount: number }[]
}

/**
 * The index note of a chat or of a forum topic: frontmatter (tg_id, tg_type, tg_title, tg_username,
 * tg_topic_id and tg_topic_title for a topic, exported_at, message_count, first_id, last_id,
 * time_zone), heading, links to its notes with their counts and to its topics.
 */
export function renderIndexNote(info: IndexNoteInfo): string {
  const { chat, topic } = info
  const fm = ['---', `tg_id: ${chat.id}`, `tg_type: ${chat.kind}`, `tg_title: ${yamlString(chat.title)}`]
  if (chat.username) fm.push(`tg_username: ${yamlString(chat.username)}`)
  if (topic) fm.push(`tg_topic_id: ${topic.id}`, `tg_topic_title: ${yamlString(topic.title)}`)
  fm.push(`exported_at: ${yamlString(info.exportedAt)}`, `message_count: ${info.messageCount}`)
  if (info.firstId !== undefined) fm.push(`first_id: ${info.firstId}`)
  if (info.lastId !== undefined) fm.push(`last_id: ${info.lastId}`)
  if (info.timeZone) fm.push(`time_zone: ${yamlString(info.timeZone)}`)
  fm.push('---', '')
  const out = [...fm, `# ${heading(topic ? topic.title : chat.title)}`, '']
  const about = [topic ? `Topic of ${escapeInline(chat.title)}` : kindWord(chat), plural(info.messageCount, 'message')]
  if (chat.username && !topic) about.push(`[t.me/${escapeInline(chat.username)}](https://t.me/${encodeURIComponent(wellFormed(chat.username))})`)
  if (info.timeZone) about.push(`times in ${escapeInline(info.timeZone)}`)
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
    for (const n of info.notes) out.push(`- ${wikiLink(n.path, n.label)}` + (n.messageCount !== undefined ? ` (${plural(n.messageCount, 'message')})` : ''))
    out.push('')
  }
  return out.join('\n')
}

/** The top of a period note: tiny frontmatter (tg_chat_id, period, tg_topic_id, time_zone, cssclasses), a heading, the zone. */
export function renderPeriodHeader(info: { chat: Chat; topic?: Topic; period: string; timeZone?: string }): string {
  const fm = ['---', `tg_chat_id: ${info.chat.id}`, `period: ${yamlString(info.period)}`]
  if (info.topic) fm.push(`tg_topic_id: ${info.topic.id}`)
  if (info.timeZone) fm.push(`time_zone: ${yamlString(info.timeZone)}`)
  // the CSS snippet styles notes of this class only (issue 13)
  fm.push('cssclasses:', '  - tobs', '---', '')
  const title = info.topic ? `${info.chat.title} / ${info.topic.title}` : info.chat.title
  const when = info.period === 'all' ? '' : ` · ${escapeInline(info.period)}`
  const zone = info.timeZone ? `*Times in ${escapeInline(info.timeZone)}*\n\n` : ''
  return fm.join('\n') + `# ${heading(title)}${when}\n\n` + zone
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
