import type { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { eventsOfLine } from './audit-event';
import type { GpuAuditRecord, GpuEventClassifier } from './gpu-event';

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

export interface StreamCounts {
  readonly lines: number;
  readonly malformed: number;
}

/**
 * Read one audit log line by line (never whole) and hand every matching GPU record to `onRecord`, awaiting it, so
 * that a slow consumer holds the reader back instead of filling memory. A malformed line goes to `onMalformed`
 * with its 1-based number, and reading goes on.
 */
export async function streamGpuAudit(
  input: Readable,
  classifier: GpuEventClassifier,
  filter: GpuAuditFilter,
  onRecord: (record: GpuAuditRecord) => void | Promise<void>,
  onMalformed: (line: number, message: string) => void,
): Promise<StreamCounts> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  let malformed = 0;
  for await (const line of lines) {
    n += 1;
    if (line.trim() === '') continue;
    let events;
    try {
      events = eventsOfLine(line);
    } catch (e) {
      malformed += 1;
      onMalformed(n, (e as Error).message);
      continue;
    }
    for (const event of events) {
      const record = classifier.classify(event);
      if (record && matchesFilter(record, filter)) await onRecord(record);
    }
  }
  return { lines: n, malformed };
}
