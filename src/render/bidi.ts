// Right-to-left text inside lines tobs composes (poll rows, headers, reply lines) is wrapped in a
// Unicode isolate, so an Arabic or Hebrew name cannot turn the rest of the line around (issue 13).

/** Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic and their presentation forms. */
const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]|\ud802[\udc00-\udfff]|\ud83a[\udc00-\udfff]|\ud83b[\udc00-\udeff]/

/** `s` between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE when it holds right-to-left letters; as is otherwise. */
export function isolate(s: string): string {
  return RTL.test(s) ? '\u2068' + s + '\u2069' : s
}
