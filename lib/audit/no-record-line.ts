import { WRITE_VERBS } from './gpu-event';

// Pieces of the JSON grammar (RFC 8259), written without whitespace, as the API server's log backend writes.
/** A string with neither escapes nor control characters: the text between its quotes is its value. */
const STRING = String.raw`"[^"\\\x00-\x1f]*"`;
const NUMBER = String.raw`-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?`;
const SCALAR = `${STRING}|${NUMBER}|true|false|null`;

/**
 * A value with containers nested at most `depth` deep. Each member or element is followed either by a comma and
 * the start of the next one, or by the closing bracket.
 */
function valueNestedAtMost(depth: number): string {
  if (depth === 0) return `(?:${SCALAR})`;
  const inner = valueNestedAtMost(depth - 1);
  const object = String.raw`\{(?:${STRING}:${inner}(?:,(?=")|(?=\})))*\}`;
  const array = String.raw`\[(?:${inner}(?:,(?!\])|(?=\])))*\]`;
  return `(?:${SCALAR}|${object}|${array})`;
}

/** Deep enough for the Metadata-level events that make up most of a log (user.extra is a map of lists). */
const NESTING = 3;
/** A top-level member other than kind, stage and verb, so that those three occur once each. */
const OTHER_MEMBER = String.raw`(?!"(?:kind|stage|verb)")${STRING}:${valueNestedAtMost(NESTING)}`;
const NOT_A_WRITE = String.raw`(?!"(?:${WRITE_VERBS.join('|')})")${STRING}`;
/** An Event that is not a write: kind first, then stage, then verb, in the order of the Event type's fields. */
const EVENT_OF_NO_WRITE = new RegExp(
  String.raw`\{"kind":"Event"(?:,${OTHER_MEMBER})*,"stage":${STRING}(?:,${OTHER_MEMBER})*,"verb":${NOT_A_WRITE}(?:,${OTHER_MEMBER})*\}`,
  'y',
);
/** Longer lines are not looked at: the regular expression's backtracking stack grows with the line. */
const MAX_RECOGNISED_LENGTH = 64 * 1024;

/**
 * Whether the log line `text[start, end)` is certain to be a well-formed audit Event that yields no GPU record, so
 * that reading it may skip decoding and parsing it. `text` holds the line's bytes one character per byte
 * (`buffer.toString('latin1')`), possibly with other lines around it.
 *
 * Why skipping such a line changes nothing: EVENT_OF_NO_WRITE accepts only JSON text (a subset of its grammar,
 * nesting bounded) whose top-level object has "kind":"Event" and exactly one "stage" and one "verb", both strings,
 * the verb none of WRITE_VERBS. The match must end exactly at `end`, and cannot run past a line break, which no
 * part of it accepts. Bytes 0x80-0xFF are accepted only inside strings, where UTF-8 decoding turns them into
 * characters that JSON allows there (an invalid sequence becomes U+FFFD, never swallowing the ASCII byte after
 * it), so the decoded line parses to that object, and a verb with such bytes is no write verb either.
 * `eventsOfLine` then returns just that Event without throwing, so the line is not malformed, and
 * `GpuEventClassifier.classify` returns undefined for it at its first check, remembering nothing. Every other
 * line, a malformed one included, is parsed as before.
 */
export function certainlyYieldsNoRecord(text: string, start: number, end: number): boolean {
  if (end - start > MAX_RECOGNISED_LENGTH) return false;
  EVENT_OF_NO_WRITE.lastIndex = start;
  return EVENT_OF_NO_WRITE.test(text) && EVENT_OF_NO_WRITE.lastIndex === end;
}
