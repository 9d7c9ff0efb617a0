const DAY_MS = 86_400_000;

/** The days a review looks back over, ending at "now": `from` inclusive, `to` exclusive, in the log's time format. */
export interface UsageWindow {
  readonly days: number;
  readonly from: string;
  readonly to: string;
}

/** `--window 90d`: a whole number of days; undefined for anything else. */
export function parseWindowDays(value: string): number | undefined {
  const m = /^([1-9]\d{0,4})d$/.exec(value);
  return m === null ? undefined : Number(m[1]);
}

export function usageWindow(end: Date, days: number): UsageWindow {
  return { days, from: logTime(end.getTime() - days * DAY_MS), to: logTime(end.getTime()) };
}

/** An instant as the API server writes audit timestamps (metav1.MicroTime: RFC 3339, UTC, microseconds). */
export function logTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000Z');
}

/** `t` moved by a number of days, in the same format. */
export function addDays(t: string, days: number): string {
  return logTime(Date.parse(t) + days * DAY_MS);
}

/**
 * A timestamp of the log in the API server's own format, so that timestamps compare as strings: as it is when
 * it already is (every line the API server writes), else converted; undefined when it is not a time at all.
 */
export function canonicalTime(timestamp: string | undefined): string | undefined {
  if (timestamp === undefined) return undefined;
  if (timestamp.length === 27 && timestamp.charCodeAt(4) === 0x2d && timestamp.charCodeAt(7) === 0x2d && timestamp.charCodeAt(10) === 0x54 && timestamp.charCodeAt(13) === 0x3a && timestamp.charCodeAt(16) === 0x3a && timestamp.charCodeAt(19) === 0x2e && timestamp.charCodeAt(26) === 0x5a) {
    return timestamp;
  }
  const ms = Date.parse(timestamp);
  return Number.isNaN(ms) || !/^\d{4}-\d\d-\d\dT/.test(timestamp) ? undefined : logTime(ms);
}

/** The day (YYYY-MM-DD) of a log timestamp. */
export function dayOf(t: string): string {
  return t.slice(0, 10);
}

/** Microseconds since the epoch (logMicros) in the log's format. */
export function microsTime(micros: number): string {
  const ms = Math.floor(micros / 1000);
  return new Date(ms).toISOString().replace('Z', `${String(micros - ms * 1000).padStart(3, '0')}Z`);
}

/**
 * A timestamp in the log's format (canonicalTime) as microseconds since the epoch: comparing numbers costs less
 * than comparing the strings, and a log is compared a few times per line. Exact until the year 2255.
 */
export function logMicros(t: string): number {
  // a log's lines come in order, many in the same second: the seconds are counted once per second
  if (lastSecond !== '' && t.startsWith(lastSecond)) return lastSecondMicros + fraction(t);
  lastSecond = t.slice(0, 19);
  lastSecondMicros = secondMicros(t);
  return lastSecondMicros + fraction(t);
}

let lastSecond = '';
let lastSecondMicros = 0;

function fraction(t: string): number {
  return digit(t, 20) * 100_000 + digit(t, 21) * 10_000 + digit(t, 22) * 1000 + digit(t, 23) * 100 + digit(t, 24) * 10 + digit(t, 25);
}

function secondMicros(t: string): number {
  const year = digit(t, 0) * 1000 + digit(t, 1) * 100 + digit(t, 2) * 10 + digit(t, 3);
  const month = digit(t, 5) * 10 + digit(t, 6);
  const day = digit(t, 8) * 10 + digit(t, 9);
  const seconds = (digit(t, 11) * 10 + digit(t, 12)) * 3600 + (digit(t, 14) * 10 + digit(t, 15)) * 60 + digit(t, 17) * 10 + digit(t, 18);
  return (daysFromCivil(year, month, day) * 86_400 + seconds) * 1_000_000;
}

function digit(t: string, i: number): number {
  return t.charCodeAt(i) - 48;
}

/** Days from 1970-01-01 to a date of the proleptic Gregorian calendar (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms"). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}
