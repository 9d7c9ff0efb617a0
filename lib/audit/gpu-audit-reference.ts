import type { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { eventsOfLine } from './audit-event';
import type { GpuEventClassifier } from './gpu-event';
import { GpuAuditFilter, matchesFilter, OnMalformed, OnRecord, StreamCounts } from './gpu-audit-reading';

/**
 * The plain reader: readline over the decoded text, every line parsed and classified. It is what gpu-audit did
 * before it split bytes itself (lib/audit/gpu-audit-bytes.ts), the reader of a log that arrives as strings, and
 * the reference that tests hold the byte reader to: the same records and malformed lines, in the same order.
 */
export async function readGpuAuditByReadline(
  text: Readable,
  classifier: GpuEventClassifier,
  filter: GpuAuditFilter,
  onRecord: OnRecord,
  onMalformed: OnMalformed,
): Promise<StreamCounts> {
  const lines = createInterface({ input: text, crlfDelay: Infinity });
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
