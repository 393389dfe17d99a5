// Strings copied into a report once per finding, made flat once where they are kept.

/**
 * `text` as one flat string. V8 keeps `a + b` as a pair of pointers (a "cons string") until something reads
 * it by index, and copying a pair into another string walks every pair in it again: a rule's JSON head or an
 * evidence form's JSON pieces, built by pieces once and written for each of a million findings, cost a walk of
 * their pieces every time. `Array#join` of two or more strings writes one new flat string (of one, it returns it).
 */
export function flatString(text: string): string {
  return text.length < 2 ? text : [text.slice(0, 1), text.slice(1)].join('');
}

/**
 * `text` holding only its own characters. V8 keeps a slice of 13 characters or more of a longer string as a
 * view into it, and a view keeps the whole string alive: a target's name sliced from a CSV chunk kept that
 * megabyte of decoded text, and every row's name kept the whole file (a 275 MB export, 275 MB more at the peak)
 * until the report was written. Shorter slices are copies already.
 */
export function ownString(text: string): string {
  return text.length < 13 ? text : flatString(text);
}
