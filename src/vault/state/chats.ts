// Chats and forum topics of the vault, each with the folder chosen for it once (a renamed chat keeps
// its notes where they are).
import type { Chat, Topic } from '../../model/types.ts'
import type { Db } from '../database.ts'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS chats (
  id INTEGER PRIMARY KEY, json TEXT NOT NULL, folder TEXT NOT NULL UNIQUE, username TEXT
);
CREATE TABLE IF NOT EXISTS topics (
  chat_id INTEGER NOT NULL, id INTEGER NOT NULL, json TEXT NOT NULL, folder TEXT NOT NULL,
  PRIMARY KEY (chat_id, id)
) WITHOUT ROWID;
`

export interface StoredChat { chat: Chat; folder: string }
export interface StoredTopic { topic: Topic; folder: string }

export class ChatsRepo {
  private readonly q

  constructor(db: Db) {
    db.exec(SCHEMA)
    this.q = {
      get: db.prepare('SELECT json, folder FROM chats WHERE id = ?'),
      folderTaken: db.prepare('SELECT id FROM chats WHERE folder = ?'),
      put: db.prepare(`INSERT INTO chats (id, json, folder, username) VALUES (?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET json = excluded.json, username = excluded.username`),
      byUsername: db.prepare('SELECT id FROM chats WHERE username = ? COLLATE NOCASE'),
      all: db.prepare('SELECT json, folder FROM chats ORDER BY id'),
      topic: db.prepare('SELECT json, folder FROM topics WHERE chat_id = ? AND id = ?'),
      topicFolderTaken: db.prepare('SELECT id FROM topics WHERE chat_id = ? AND folder = ?'),
      putTopic: db.prepare(`INSERT INTO topics (chat_id, id, json, folder) VALUES (?, ?, ?, ?)
        ON CONFLICT (chat_id, id) DO UPDATE SET json = excluded.json`),
      topics: db.prepare('SELECT json, folder FROM topics WHERE chat_id = ? ORDER BY id'),
    }
  }

  get(id: number): StoredChat | undefined {
    const row = this.q.get.get(id) as { json: string; folder: string } | undefined
    return row && { chat: JSON.parse(row.json) as Chat, folder: row.folder }
  }

  all(): StoredChat[] {
    return (this.q.all.all() as { json: string; folder: string }[]).map((r) => ({
      chat: JSON.parse(r.json) as Chat, folder: r.folder,
    }))
  }

  /** Saves a chat; its folder is chosen once and kept, so a renamed chat keeps its notes. */
  put(chat: Chat, wantedFolder: string): string {
    const folder = this.get(chat.id)?.folder ?? freeName(wantedFolder, (f) => this.q.folderTaken.get(f) !== undefined)
    this.q.put.run(chat.id, JSON.stringify(chat), folder, chat.username ?? null)
    return folder
  }

  byUsername(username: string): number | undefined {
    return (this.q.byUsername.get(username) as { id: number } | undefined)?.id
  }

  topic(chatId: number, topicId: number): StoredTopic | undefined {
    const row = this.q.topic.get(chatId, topicId) as { json: string; folder: string } | undefined
    return row && { topic: JSON.parse(row.json) as Topic, folder: row.folder }
  }

  topics(chatId: number): StoredTopic[] {
    return (this.q.topics.all(chatId) as { json: string; folder: string }[]).map((r) => ({
      topic: JSON.parse(r.json) as Topic, folder: r.folder,
    }))
  }

  putTopic(chatId: number, topic: Topic, wantedFolder: string): string {
    const folder = this.topic(chatId, topic.id)?.folder
      ?? freeName(wantedFolder, (f) => this.q.topicFolderTaken.get(chatId, f) !== undefined)
    this.q.putTopic.run(chatId, topic.id, JSON.stringify(topic), folder)
    return folder
  }
}

function freeName(wanted: string, taken: (name: string) => boolean): string {
  if (!taken(wanted)) return wanted
  for (let i = 2; ; i++) if (!taken(`${wanted} ${i}`)) return `${wanted} ${i}`
}
