// --comments (issue 15): after a channel's history, bring each post's discussion thread up to date.
// Only posts whose replies.max_id is above what is stored cost a request (posts without comments,
// and threads that did not grow, cost none); a thread is read from its newest stored comment on
// (min_id), stored, and its note rewritten whole from the state database.
import type { Chat, Message } from '../model/types.ts'
import { renderBlocks, renderCommentsHeader, type RenderContext } from '../render/index.ts'
import { iterReplies, type ChannelPeer } from '../telegram/comments.ts'
import type { InputPeers } from '../telegram/input-peers.ts'
import type { Rpc } from '../telegram/rpc.ts'
import { NoteFiles } from '../vault/note-files.ts'
import { commentsNotePath } from '../vault/paths.ts'
import { NO_TOPIC, type StateDb } from '../vault/state.ts'
import type { VaultContext, VaultLayout } from './vault-context.ts'

export interface CommentsDeps {
  state: StateDb
  ctx: VaultContext
  layout?: VaultLayout
  vaultDir: string
  /** the run's note files, guarding the user's changes (issue 16) */
  notes?: NoteFiles
}

export interface CommentsStats {
  /** threads read (one or more getReplies each) */
  threads: number
  comments: number
  notes: number
}

/** Posts of a stored channel whose thread has comments not stored yet, ascending. */
function* stale(state: StateDb, chatId: number): Generator<Message> {
  for (let after = 0; ;) {
    const page = state.messages.page(chatId, after, 1000)
    if (!page.length) return
    for (const m of page) {
      if (m.comments && m.comments.maxId > (state.comments.thread(chatId, m.id)?.maxSeen ?? 0)) yield m
    }
    after = page[page.length - 1]!.id
  }
}

export async function exportComments(
  rpc: Rpc, peers: InputPeers, channel: ChannelPeer, chat: Chat, deps: CommentsDeps, signal?: AbortSignal,
): Promise<CommentsStats> {
  const { state } = deps
  const stats: CommentsStats = { threads: 0, comments: 0, notes: 0 }
  const folder = deps.ctx.folderOf(chat.id, NO_TOPIC)
  if (!folder) return stats
  for (const post of [...stale(state, chat.id)]) {
    const { groupId } = post.comments!
    const after = state.comments.thread(chat.id, post.id)?.maxSeen ?? 0
    const fresh: Message[] = []
    let group: Chat | undefined
    for await (const page of iterReplies(rpc, peers, channel, post.id, groupId, after, signal)) {
      fresh.push(...page.comments)
      group ??= page.group
    }
    stats.threads++
    stats.comments += fresh.length
    state.transaction(() => {
      state.comments.add(chat.id, post.id, groupId, fresh, post.comments!.maxId)
      // the post's note gains (or updates) its link to the comments note
      const topicId = post.topicId ?? NO_TOPIC
      state.notes.markDirty(chat.id, topicId, deps.ctx.periods.of(chat.id, topicId, post.date))
    })
    await writeCommentsNote(chat, post.id, folder, groupId, group, deps)
    stats.notes++
  }
  return stats
}

async function writeCommentsNote(
  chat: Chat, postId: number, folder: string, groupId: number, group: Chat | undefined, deps: CommentsDeps,
): Promise<void> {
  const rel = commentsNotePath(folder, postId)
  const comments = deps.state.comments.of(chat.id, postId)
  const inThread = new Set(comments.map((c) => c.id))
  const base = deps.ctx.forNote(new Set())
  // a comment answering another comment links inside this note
  const ctx: RenderContext = {
    ...base,
    noteFor: (chatId, id) => chatId === groupId && inThread.has(id) ? rel : base.noteFor(chatId, id),
  }
  const header = renderCommentsHeader({
    channel: chat, group: { id: groupId, title: group?.title ?? `${chat.title} Chat` }, postId,
    postNote: deps.ctx.noteFor(chat.id, postId), count: comments.length,
  })
  const files = deps.notes ?? new NoteFiles(deps.state, deps.vaultDir)
  await files.write(`${rel}.md`, renderBlocks(comments, ctx), header)
}
