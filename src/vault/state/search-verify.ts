// The search index keeps which trigrams each message holds, not where (FTS5 detail=none): it finds
// the messages holding every trigram of a word, and this checks each such candidate for the word
// itself, with the same tokenizer, in a small in-memory FTS5 table that does keep positions. It
// also marks the matches there (highlight), as the index did when it kept positions (issue 10).
import Database from 'better-sqlite3'
import type { Db } from '../database.ts'

/** The tokenizer of the index and of the check: a difference would lose or invent hits. */
export const TOKENIZE = "tokenize = 'trigram remove_diacritics 1'"

/** A message the index found, before the check. */
export interface Candidate { rowid: number; text: string }

/**
 * The FTS5 query that finds candidates for `terms` (3+ characters each) in a detail=none index:
 * trigrams that cover each term without overlapping, but for the last (the check rules out what
 * they let through); fewer lists of messages to intersect than every trigram of the term.
 */
export function trigramQuery(terms: string[]): string {
  const grams = new Set<string>()
  for (const t of terms) {
    const chars = [...t]
    for (let i = 0; i < chars.length; i += 3) {
      const at = Math.min(i, chars.length - 3)
      grams.add(chars.slice(at, at + 3).join(''))
    }
  }
  return [...grams].map(quote).join(' AND ')
}

/** The exact query: each term as a phrase (its trigrams in a row), all of them in one message. */
export function phraseQuery(terms: string[]): string {
  return terms.map(quote).join(' AND ')
}

function quote(s: string): string {
  return `"${s.replaceAll('"', '""')}"`
}

export class PhraseCheck {
  private db: Db | undefined
  private stmts: { put: Database.Statement; match: Database.Statement; clear: Database.Statement } | undefined

  /** The candidates that hold every phrase of `query`, by row id, with their matches between \u0001 and \u0002. */
  marked(candidates: Candidate[], query: string): Map<number, string> {
    const s = this.open()
    const out = new Map<number, string>()
    if (!candidates.length) return out
    this.db!.transaction(() => {
      for (const c of candidates) s.put.run(c.rowid, c.text)
      for (const r of s.match.all(query) as { rowid: number; marked: string }[]) out.set(r.rowid, r.marked)
      s.clear.run()
    })()
    return out
  }

  close(): void {
    this.db?.close()
    this.db = undefined
    this.stmts = undefined
  }

  private open(): NonNullable<PhraseCheck['stmts']> {
    if (this.stmts) return this.stmts
    const db = (this.db = new Database(':memory:'))
    db.exec(`CREATE VIRTUAL TABLE t USING fts5(text, ${TOKENIZE})`)
    this.stmts = {
      put: db.prepare('INSERT INTO t (rowid, text) VALUES (?, ?)'),
      match: db.prepare("SELECT rowid, highlight(t, 0, char(1), char(2)) AS marked FROM t WHERE t MATCH ?"),
      clear: db.prepare('DELETE FROM t'),
    }
    return this.stmts
  }
}
