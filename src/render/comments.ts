// The top of a post's comments note (issue 15): frontmatter naming the discussion group and the post,
// a heading, and a link back to the post. The comments follow as ordinary message blocks.
import { escapeInline, wikiLink } from './escape.ts'
import { plural } from './format.ts'

export interface CommentsNoteInfo {
  channel: { id: number; title: string }
  group: { id: number; title: string }
  postId: number
  /** vault path (no `.md`) of the note holding the post, when it is in the vault */
  postNote?: string
  count: number
}

export function renderCommentsHeader(info: CommentsNoteInfo): string {
  const fm = ['---', `tg_chat_id: ${info.group.id}`, `tg_channel_id: ${info.channel.id}`, `tg_post_id: ${info.postId}`, `comment_count: ${info.count}`, '---', '']
  const title = info.channel.title.trim() === '' ? 'Untitled' : info.channel.title
  const post = info.postNote !== undefined
    ? wikiLink(`${info.postNote}#^m${info.postId}`, `post ${info.postId}`)
    : `post ${info.postId} (not in this export)`
  return fm.join('\n') + `# ${escapeInline(title)} · comments on post ${info.postId}\n\n` +
    `${plural(info.count, 'comment')} on ${post}\n\n`
}
