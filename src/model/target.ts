// What the user may name as a chat to export, parsed (export/targets.ts parses; telegram/ resolves).

export type TargetRef =
  | { by: 'username'; username: string; topicId?: number; messageId?: number }
  | { by: 'id'; id: number; peer?: 'user' | 'chat' | 'channel'; topicId?: number; messageId?: number }
  | { by: 'self' }
