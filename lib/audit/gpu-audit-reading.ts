import type { GpuAuditRecord } from './gpu-event';

/** What reading an audit log takes besides the log and the classifier, and what it tells. */
export interface GpuAuditFilter {
  /** Only records of this team. */
  readonly team?: string;
  /** Only records at or after this instant. */
  readonly since?: Date;
  /** Only denied records. */
  readonly deniedOnly?: boolean;
}

export function matchesFilter(record: GpuAuditRecord, filter: GpuAuditFilter): boolean {
  if (filter.team !== undefined && record.team !== filter.team) return false;
  if (filter.deniedOnly && record.result !== 'denied') return false;
  if (filter.since !== undefined) {
    const at = record.timestamp === null ? NaN : Date.parse(record.timestamp);
    if (Number.isNaN(at) || at < filter.since.getTime()) return false;
  }
  return true;
}

/**
 * The promise it returns, if any, is awaited before the next record is handed on, so that a slow consumer holds
 * the reader back; a consumer that returns nothing costs no promise per record.
 */
export type OnRecord = (record: GpuAuditRecord) => void | Promise<void>;
/** A line that is not an audit Event, by its 1-based number; reading goes on. */
export type OnMalformed = (line: number, message: string) => void;

export interface StreamCounts {
  readonly lines: number;
  readonly malformed: number;
}
