import { eventsOfLine } from '../audit/audit-event';
import { DECISION_ANNOTATION, objectRefOf, REASON_ANNOTATION, type UsageEvent, usageEventOf, type UsageObjectRef, userInfoOf } from './usage-event';

/**
 * The usage of each Event of one log line. A line as the API server's log backend writes it (encoding/json of
 * audit.k8s.io/v1 Event: its members in the Go type's order, no spaces; the members before `user` may come in any
 * order) is read member by member, at the places that layout puts them, without parsing the request and response
 * bodies (most of a log's bytes) or the members `usage` does not need; anything else (an EventList, another
 * order, a member this reader does not know) is parsed whole, as gpu-audit parses it. Either way the result is `usageEventOf(JSON.parse(line))`, and a line that
 * is not an audit Event throws as `eventsOfLine` does. What is not read is not checked: damage inside a body or a
 * skipped member goes unnoticed (gpu-audit, which reads bodies, reports it), and so does a raw control character
 * in a string (which JSON forbids and the API server's encoder never writes).
 */
export function usageEventsOfLine(line: string): UsageEvent[] {
  const quick = eventInApiServerLayout(line);
  return quick !== undefined ? [quick] : eventsOfLine(line).map(usageEventOf);
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const CLOSE_BRACE = 0x7d;

const START = '{"kind":"Event","apiVersion":"audit.k8s.io/v1",';

// A cursor over one line in the API server's layout: each step checks that the next member is the one the
// layout puts there and returns its raw value, so a line in another shape stops the reading. One cursor for all
// lines: reading a line allocates only what it returns.
let text = '';
let at = 0;

/** Whether the cursor is at member `name` (given with its quotes and colon). */
function isAt(name: string): boolean {
  return text.startsWith(name, at);
}

/** The next member, if it is `name`, and its value ends where `endOf` says (just after it): its raw value. */
function member(name: string, endOf: (line: string, start: number) => number): string | undefined {
  if (!text.startsWith(name, at)) return undefined;
  const start = at + name.length;
  const end = endOf(text, start);
  return advance(end) ? text.slice(start, end) : undefined;
}

/** The next member's raw value if it is `name`; null when the next member is another; undefined when it does not end right. */
function optional(name: string, endOf: (line: string, start: number) => number): string | null | undefined {
  return text.startsWith(name, at) ? member(name, endOf) : null;
}

/** Step over the next member if it is `name`, a string: whether it was. */
function skipString(name: string): boolean {
  return text.startsWith(name, at) && advance(stringEnd(text, at + name.length));
}

/** Past the member ending at `end`, and its comma: whether a member (or the Event) does end there. */
function advance(end: number): boolean {
  if (end < 0) return false;
  const next = text.charCodeAt(end);
  if (next !== COMMA && !(next === CLOSE_BRACE && end === text.length - 1)) return false;
  at = end + 1;
  return true;
}

const toLineEnd = (line: string): number => line.length - 1;

function eventInApiServerLayout(line: string): UsageEvent | undefined {
  if (!line.startsWith(START) || line.charCodeAt(line.length - 1) !== CLOSE_BRACE) return undefined;
  text = line;
  at = START.length;
  // level, auditID, stage, requestURI and verb, in the Go type's order, or else in another (as some log shippers write them)
  let stage: string | undefined;
  let verb: string | undefined;
  if (skipString('"level":') && skipString('"auditID":') && (stage = member('"stage":', stringEnd)) !== undefined && skipString('"requestURI":')) verb = member('"verb":', stringEnd);
  if (verb === undefined) {
    at = START.length;
    stage = undefined;
  }
  while (!isAt('"user":')) {
    const nameEnd = line.indexOf('"', at + 1);
    switch (line.slice(at + 1, nameEnd)) {
      case 'stage':
        stage = member('"stage":', stringEnd);
        if (stage === undefined) return undefined;
        break;
      case 'verb':
        verb = member('"verb":', stringEnd);
        if (verb === undefined) return undefined;
        break;
      case 'level':
      case 'auditID':
      case 'requestURI':
        if (!skipString(line.slice(at, nameEnd + 2))) return undefined;
        break;
      default:
        return undefined;
    }
  }
  const user = member('"user":', userEnd);
  if (verb === undefined || user === undefined) return undefined;
  const impersonatedUser = optional('"impersonatedUser":', userEnd);
  if (impersonatedUser === undefined || optional('"sourceIPs":', flatArrayEnd) === undefined || optional('"userAgent":', stringEnd) === undefined) return undefined;
  const objectRef = optional('"objectRef":', flatObjectEnd);
  const responseStatus = optional('"responseStatus":', statusEnd);
  if (objectRef === undefined || responseStatus === undefined) return undefined;
  if (text.charCodeAt(at + 1) === 0x72 /* r */ && (isAt('"requestObject":') || isAt('"responseObject":'))) {
    // the bodies end where the timestamps start: the last such member is the Event's own (every member after it
    // is the Event's, and a string cannot hold the unescaped quotes of a member name)
    const after = line.lastIndexOf(',"requestReceivedTimestamp":');
    if (after < at) return undefined;
    at = after + 1;
  }
  const received = member('"requestReceivedTimestamp":', stringEnd);
  if (received === undefined) return undefined;
  // stageTimestamp is read only where requestReceivedTimestamp is not a string
  const timestamp = stringValue(received);
  const completed = timestamp === undefined ? member('"stageTimestamp":', stringEnd) : skipString('"stageTimestamp":') ? '' : undefined;
  if (completed === undefined) return undefined;
  const annotations = optional('"annotations":', toLineEnd);
  if (annotations === undefined || at !== line.length || stage === undefined || verb === undefined) return undefined;
  try {
    return usageEventOfMembers(stage, verb, user, impersonatedUser, objectRef, responseStatus, timestamp ?? stringValue(completed), annotations);
  } catch {
    return undefined; // a member that does not parse: the line is parsed whole, which says why
  }
}

/** What usageEventOf reads of the Event, from its raw members; throws or is undefined where it would read differently. */
function usageEventOfMembers(
  stageToken: string,
  verbToken: string,
  userText: string,
  impersonatedText: string | null,
  objectRef: string | null,
  responseStatus: string | null,
  timestamp: string | undefined,
  annotationsText: string | null,
): UsageEvent | undefined {
  const stage = WORDS.get(stageToken) ?? stringValue(stageToken);
  const verb = WORDS.get(verbToken) ?? stringValue(verbToken);
  if (stage === undefined || verb === undefined) return undefined;
  const user = userOf(userText);
  const impersonated = impersonatedText === null ? undefined : userOf(impersonatedText);
  if (user === undefined || (impersonatedText !== null && impersonated === undefined)) return undefined;
  const judged = impersonated ?? user;
  const annotations = annotationsText === null ? NO_ANNOTATIONS : annotationsOf(annotationsText);
  if (annotations === undefined) return undefined;
  const code = responseStatus === null ? undefined : codeOf(responseStatus);
  if (code === null) return undefined;
  return {
    stage,
    verb,
    timestamp,
    user: judged.username,
    groups: judged.groups,
    impersonated: impersonated !== undefined,
    objectRef: objectRef === null ? undefined : flatObjectRef(objectRef) ?? objectRefOf(JSON.parse(objectRef)),
    code,
    decision: annotations.decision,
    reason: annotations.reason,
    // only what tells RBAC's refusals from admission's, when the decision annotation does not
    message: annotations.decision === undefined && code === 403 && responseStatus !== null ? messageOf(responseStatus) : undefined,
  };
}

/** Stages, verbs and decisions as tokens, and the same strings every time, which later lookups find quicker than new ones. */
const WORDS = new Map(
  ['ResponseComplete', 'ResponseStarted', 'Panic', 'get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'allow', 'forbid'].map((w) => [`"${w}"`, w]),
);

/** Just after the closing quote of the string starting at `start`, or -1. */
function stringEnd(line: string, start: number): number {
  if (line.charCodeAt(start) !== QUOTE) return -1;
  let from = start + 1;
  for (;;) {
    const quote = line.indexOf('"', from);
    if (quote < 0) return -1;
    let backslashes = 0;
    while (line.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

/**
 * A UserInfo ends with its closing brace before the next member: its last member, extra, is a map of lists, so
 * the first `},"` (which no string can hold) is its end. A wrong guess does not parse, and the line is read whole.
 */
function userEnd(line: string, start: number): number {
  const end = line.indexOf('},"', start);
  return end < 0 ? -1 : end + 1;
}

/** objectRef and sourceIPs hold no nested values: the first closing bracket ends them (a wrong guess does not parse). */
function flatObjectEnd(line: string, start: number): number {
  const end = line.indexOf('}', start);
  return end < 0 ? -1 : end + 1;
}

function flatArrayEnd(line: string, start: number): number {
  const end = line.indexOf(']', start);
  return end < 0 || line.charCodeAt(end - 1) !== QUOTE ? (line.startsWith('[]', start) ? start + 2 : -1) : end + 1;
}

/** metav1.Status ends with its code (the Go type's last field, after message, reason and details); it is parsed, so a wrong guess shows. */
const STATUS_CODE = /"code":\d{1,3}\}/g;

function statusEnd(line: string, start: number): number {
  STATUS_CODE.lastIndex = start;
  const found = STATUS_CODE.exec(line);
  return found === null ? -1 : found.index + found[0].length;
}

/** A JSON string token's value; undefined for any other token. */
function stringValue(token: string): string | undefined {
  if (token.charCodeAt(0) !== QUOTE) return undefined;
  if (token.indexOf('\\') < 0) return token.slice(1, -1);
  const value: unknown = JSON.parse(token);
  return typeof value === 'string' ? value : undefined;
}

interface AuthorizationAnnotations {
  readonly decision: string | undefined;
  readonly reason: string | undefined;
}
const NO_ANNOTATIONS: AuthorizationAnnotations = { decision: undefined, reason: undefined };

type UserInfo = NonNullable<ReturnType<typeof userInfoOf>>;

/**
 * A UserInfo as the API server writes it (`{"username":"…","uid":"…","groups":["…"],"extra":{…}}`, without
 * escapes) read without JSON.parse, which costs more than reading it; anything else as JSON.parse and userInfoOf
 * read it. undefined: not a user (the line is then parsed whole, which says so).
 */
function userOf(text: string): UserInfo | undefined {
  if (text.startsWith('{"username":"') && text.indexOf('\\') < 0) {
    const nameEnd = text.indexOf('"', 13);
    let next = nameEnd + 1;
    if (text.startsWith(',"uid":"', next)) next = text.indexOf('"', next + 8) + 1;
    let groups: string[] = [];
    if (next > 0 && text.startsWith(',"groups":[', next)) {
      const close = text.indexOf(']', next + 11);
      const list = text.slice(next + 11, close);
      groups = list === '' ? [] : list.slice(1, -1).split('","');
      next = list === '' || (list.charCodeAt(0) === QUOTE && list.charCodeAt(list.length - 1) === QUOTE) ? close + 1 : -1;
    }
    if (next > 0 && text.startsWith(',"extra":{', next) && text.endsWith('}}')) next = text.length - 1;
    if (next === text.length - 1 && nameEnd > 0) return { username: text.slice(13, nameEnd), groups };
  }
  return userInfoOf(JSON.parse(text));
}

/** The decision annotation's and the reason annotation's member names, as they appear in the annotations map. */
const DECISION_MEMBER = `"${DECISION_ANNOTATION}":`;
const REASON_MEMBER = `"${REASON_ANNOTATION}":`;

/**
 * The authorization annotations; undefined when the member is not a map. The annotations are a map of strings,
 * so a member name found in them is a member (a value cannot hold its unescaped quotes).
 */
function annotationsOf(text: string): AuthorizationAnnotations | undefined {
  if (text.charCodeAt(0) !== 0x7b || text.charCodeAt(text.length - 1) !== CLOSE_BRACE) return annotationsParsed(text);
  const decisionAt = text.indexOf(DECISION_MEMBER);
  const reasonAt = text.indexOf(REASON_MEMBER);
  // preceded by a backslash, the name would be inside another key: read the map whole
  if (text.charCodeAt(decisionAt - 1) === BACKSLASH || text.charCodeAt(reasonAt - 1) === BACKSLASH) return annotationsParsed(text);
  const decision = decisionAt < 0 ? undefined : stringToken(text, decisionAt + DECISION_MEMBER.length);
  const reason = reasonAt < 0 ? undefined : stringToken(text, reasonAt + REASON_MEMBER.length);
  if (decision === null || reason === null) return annotationsParsed(text);
  return { decision: decision === undefined ? undefined : WORDS.get(decision) ?? (JSON.parse(decision) as string), reason: reason === undefined ? undefined : reasonOf(reason) };
}

/** The string token at `start`; null when the value there is not a string (then the member is parsed whole). */
function stringToken(text: string, start: number): string | null {
  const end = stringEnd(text, start);
  return end < 0 ? null : text.slice(start, end);
}

/**
 * A log repeats the same few reasons (one per grant and subject): each is parsed once, and is the same string every
 * time after, which makes looking it up again cheap. Up to this many are kept (a few MiB).
 */
const REASONS_KEPT = 16_384;
const reasons = new Map<string, string>();

/** The last few reasons read: a log's lines come in bursts of one subject's requests, and comparing is cheaper than hashing. */
const RECENT = 8;
const recentTokens: string[] = new Array<string>(RECENT).fill('');
const recentReasons: string[] = new Array<string>(RECENT).fill('');
let recentNext = 0;

function reasonOf(token: string): string {
  for (let i = 0; i < RECENT; i++) if (recentTokens[i] === token) return recentReasons[i]!;
  let reason = reasons.get(token);
  if (reason === undefined) {
    if (reasons.size >= REASONS_KEPT) reasons.clear();
    reason = JSON.parse(token) as string;
    reasons.set((' ' + token).slice(1), reason);
  }
  recentTokens[recentNext] = token;
  recentReasons[recentNext] = reason;
  recentNext = (recentNext + 1) % RECENT;
  return reason;
}

function annotationsParsed(text: string): AuthorizationAnnotations | undefined {
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const o = value as Record<string, unknown>;
  const decision = o[DECISION_ANNOTATION];
  const reason = o[REASON_ANNOTATION];
  return { decision: typeof decision === 'string' ? decision : undefined, reason: typeof reason === 'string' ? reason : undefined };
}

/** The status of almost every answer (`{"metadata":{},"code":200}`), read without parsing. */
const PLAIN_STATUS = '{"metadata":{},"code":';

/** A status's code; undefined when it has none; null when it is not a status (the line is then parsed whole). */
function codeOf(text: string): number | undefined | null {
  if (text.length === PLAIN_STATUS.length + 4 && text.startsWith(PLAIN_STATUS) && text.charCodeAt(text.length - 1) === CLOSE_BRACE) {
    const n = PLAIN_STATUS.length;
    const a = text.charCodeAt(n) - 48;
    const b = text.charCodeAt(n + 1) - 48;
    const c = text.charCodeAt(n + 2) - 48;
    if (a >= 1 && a <= 9 && b >= 0 && b <= 9 && c >= 0 && c <= 9) return a * 100 + b * 10 + c;
  }
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const { code } = value as { code?: unknown };
  return typeof code === 'number' ? code : undefined;
}

function messageOf(text: string): string | undefined {
  const { message } = JSON.parse(text) as { message?: unknown };
  return typeof message === 'string' ? message : undefined;
}

/**
 * An objectRef of plain strings (`{"resource":"pods","namespace":"research","name":"x","apiVersion":"v1"}`) read
 * without JSON.parse, as objectRefOf reads it; undefined for anything else (an escape, a number, a nested value, no
 * resource), which JSON.parse and objectRefOf then read.
 */
function flatObjectRef(text: string): UsageObjectRef | undefined {
  if (text.indexOf('\\') >= 0 || text.charCodeAt(0) !== 0x7b || text.charCodeAt(1) !== QUOTE) return undefined;
  let resource = '';
  let apiGroup = '';
  let subresource = '';
  let namespace = '';
  let name = '';
  let at = 1;
  for (;;) {
    const keyEnd = text.indexOf('"', at + 1);
    if (keyEnd < 0 || text.charCodeAt(keyEnd + 1) !== 0x3a || text.charCodeAt(keyEnd + 2) !== QUOTE) return undefined;
    const valueEnd = text.indexOf('"', keyEnd + 3);
    if (valueEnd < 0) return undefined;
    const value = text.slice(keyEnd + 3, valueEnd);
    switch (text.slice(at + 1, keyEnd)) {
      case 'resource':
        resource = value;
        break;
      case 'apiGroup':
        apiGroup = value;
        break;
      case 'subresource':
        subresource = value;
        break;
      case 'namespace':
        namespace = value;
        break;
      case 'name':
        name = value;
        break;
    }
    const next = text.charCodeAt(valueEnd + 1);
    if (next === CLOSE_BRACE) break;
    if (next !== COMMA || text.charCodeAt(valueEnd + 2) !== QUOTE) return undefined;
    at = valueEnd + 2;
  }
  if (resource === '' || text.length !== text.lastIndexOf('}') + 1 || text.indexOf('}') !== text.length - 1) return undefined;
  const ref: { -readonly [K in keyof UsageObjectRef]: UsageObjectRef[K] } = { apiGroup, resource };
  if (subresource !== '') ref.subresource = subresource;
  if (namespace !== '') ref.namespace = namespace;
  if (name !== '') ref.name = name;
  return ref;
}
