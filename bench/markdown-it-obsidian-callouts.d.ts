// The callout plugin ships no types: it is a markdown-it plugin like any other.
declare module 'markdown-it-obsidian-callouts' {
  import type { PluginSimple } from 'markdown-it'
  const plugin: PluginSimple
  export default plugin
}
