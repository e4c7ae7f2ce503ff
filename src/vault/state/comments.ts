// Channel comments (issue 15): each post's discussion thread as read so far. Per post, the newest
// comment id seen, so a rerun asks only for comments above it (and posts whose replies.max_id has
// not moved cost no request); the comments themselves, to rewrite the post's comments note whole.
import type { Message } from '../../model/types.ts'
import type { Db } from '../database.ts'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS comment_threads (
  chat_id INTEGER NOT NULL, post_id INTEGER NOT NULL, group_id INTEGER NOT NULL, max_seen INTEGER NOT NULL,
  PRIMARY KEY (chat_id, post_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS comments (
  chat_id INTEGER NOT NULL, post_id INTEGER NOT NULL, id INTEGER NOT NULL, json TEXT NOT NULL,
  PRIMARY KEY (chat_id, post_id, id)
) WITHOUT ROWID;
`

export interface CommentThread {
  postId: number
  groupId: number
  /** newest comment id stored */
  maxSeen: number
}

export class CommentsRepo {
  private readonly q

  constructor(db: Db) {
    db.exec(SCHEMA)
    this.q = {
      thread: db.prepare('SELECT post_id, group_id, max_seen FROM comment_threads WHERE chat_id = ? AND post_id = ?'),
      threads: db.prepare('SELECT post_id, group_id, max_seen FROM comment_threads WHERE chat_id = ? ORDER BY post_id'),
      setThread: db.prepare(`INSERT INTO comment_threads (chat_id, post_id, group_id, max_seen) VALUES (?, ?, ?, ?)
        ON CONFLICT (chat_id, post_id) DO UPDATE SET group_id = excluded.group_id, max_seen = max(max_seen, excluded.max_seen)`),
      put: db.prepare('INSERT OR REPLACE INTO comments (chat_id, post_id, id, json) VALUES (?, ?, ?, ?)'),
      of: db.prepare('SELECT json FROM comments WHERE chat_id = ? AND post_id = ? ORDER BY id'),
    }
  }

  thread(chatId: number, postId: number): CommentThread | undefined {
    const r = this.q.thread.get(chatId, postId) as { post_id: number; group_id: number; max_seen: number } | undefined
    return r && { postId: r.post_id, groupId: r.group_id, maxSeen: r.max_seen }
  }

  /** Threads of a chat stored so far, by post id. */
  threads(chatId: number): CommentThread[] {
    return (this.q.threads.all(chatId) as { post_id: number; group_id: number; max_seen: number }[])
      .map((r) => ({ postId: r.post_id, groupId: r.group_id, maxSeen: r.max_seen }))
  }

  /** Stores comments of one post and moves its high-water mark to at least `seenUpTo` (never backwards). */
  add(chatId: number, postId: number, groupId: number, comments: Message[], seenUpTo = 0): void {
    let max = seenUpTo
    for (const c of comments) {
      this.q.put.run(chatId, postId, c.id, JSON.stringify(c))
      if (c.id > max) max = c.id
    }
    this.q.setThread.run(chatId, postId, groupId, max)
  }

  /** A post's stored comments, ascending. */
  of(chatId: number, postId: number): Message[] {
    return (this.q.of.all(chatId, postId) as { json: string }[]).map((r) => JSON.parse(r.json) as Message)
  }
}
