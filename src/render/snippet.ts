// The CSS snippet tobs puts in a vault (.obsidian/snippets/tobs.css): callouts that look like
// Telegram (issue 13). Notes stay readable without it: Obsidian then shows plain callouts.

/** First line of the snippet: tobs rewrites a snippet that starts with it, never the user's own. */
export const SNIPPET_MARK = '/* tobs: Telegram look for notes exported by tobs. Edit a copy under another name: tobs rewrites this file. */'

/** Telegram's seven name colours, picked by sender id mod 7 (`[!tg|c<n>]`). */
const NAME_COLOURS = ['#e17076', '#faa774', '#a695e7', '#7bc862', '#6ec9cb', '#65aadd', '#ee7aae']

export function snippetCss(): string {
  const names = NAME_COLOURS.map((c, i) =>
    `.callout[data-callout="tg"][data-callout-metadata~="c${i}"] { --tg-name: ${c}; }`).join('\n')
  return `${SNIPPET_MARK}
.callout[data-callout^="tg"] {
  --callout-icon: none;
  --tg-name: var(--text-accent);
  --tg-bubble: var(--background-secondary);
  border: none;
  border-radius: 14px;
  padding: 6px 12px 8px;
  margin: 6px 0;
  max-width: min(80%, 42em);
  background: var(--tg-bubble);
  mix-blend-mode: normal;
  box-shadow: 0 1px 2px rgba(0, 0, 0, 0.12);
}
.callout[data-callout^="tg"] .callout-icon,
.callout[data-callout^="tg"] .callout-title-icon { display: none; }
.callout[data-callout^="tg"] .callout-title { padding: 0; gap: 0; }
.callout[data-callout^="tg"] .callout-title-inner { font-weight: normal; font-size: 0.8em; color: var(--text-muted); }
.callout[data-callout^="tg"] .callout-title-inner strong { color: var(--tg-name); font-size: 1.1em; }
.callout[data-callout^="tg"] .callout-content { padding: 2px 0 0; }
.callout[data-callout^="tg"] .callout-content > p:first-child { margin-top: 0; }
.callout[data-callout^="tg"] .callout-content > p:last-child { margin-bottom: 0; }
${names}
/* my messages: on the right, in green, as Telegram draws them */
.callout[data-callout="tg-out"] {
  --tg-bubble: rgba(var(--color-green-rgb, 123, 200, 98), 0.18);
  --tg-name: var(--color-green, #4fae4e);
  margin-left: auto;
}
/* service messages: small and centred */
.callout[data-callout="tg-service"] {
  --tg-bubble: transparent;
  box-shadow: none;
  margin: 4px auto;
  text-align: center;
  font-size: 0.85em;
}
.callout[data-callout="tg-service"] .callout-title { justify-content: center; }
.callout[data-callout="tg-service"] .callout-title-inner { background: var(--background-modifier-hover); border-radius: 10px; padding: 1px 10px; }
/* replies, forwards and quotes inside a message: a coloured bar, as in Telegram */
.callout[data-callout^="tg"] blockquote {
  border-left: 3px solid var(--tg-name);
  background: var(--background-modifier-hover);
  border-radius: 4px;
  margin: 2px 0 6px;
  padding: 2px 8px;
  font-size: 0.9em;
}
.callout[data-callout^="tg"] blockquote strong { color: var(--tg-name); }
/* albums: the pictures of one message side by side */
.callout[data-callout^="tg"] .callout-content img,
.callout[data-callout^="tg"] .callout-content video { max-width: 100%; max-height: 24em; border-radius: 8px; }
.callout[data-callout^="tg"][data-callout-metadata~="album"] .internal-embed { display: inline-block; max-width: 49%; vertical-align: top; }
/* day and note headings of tobs notes, centred like Telegram's date badges */
.tobs .markdown-preview-view h1, .markdown-preview-view.tobs h1 { text-align: center; font-size: 1.3em; }
`
}
