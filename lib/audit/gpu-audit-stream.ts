import type { Readable } from 'node:stream';
import { AuditLogFile } from './audit-log-file';
import { GzipError, isZlibError, logText } from './audit-log-text';
import type { GpuEventClassifier } from './gpu-event';
import { readGpuAuditBytes } from './gpu-audit-bytes';
import type { GpuAuditFilter, OnMalformed, OnRecord, StreamCounts } from './gpu-audit-reading';
import { readGpuAuditByReadline } from './gpu-audit-reference';

export { matchesFilter } from './gpu-audit-reading';
export type { GpuAuditFilter, StreamCounts } from './gpu-audit-reading';

export { GzipError } from './audit-log-text';

/**
 * Read one audit log line by line (never whole) and hand every matching GPU record to `onRecord`, awaiting it, so
 * that a slow consumer holds the reader back instead of filling memory. A malformed line goes to `onMalformed`
 * with its 1-based number, and reading goes on. A gzip log is decompressed as it is read; one that does not
 * decompress rejects with a GzipError after the records before the damage.
 */
export async function streamGpuAudit(
  input: Readable | AuditLogFile,
  classifier: GpuEventClassifier,
  filter: GpuAuditFilter,
  onRecord: OnRecord,
  onMalformed: OnMalformed,
): Promise<StreamCounts> {
  if (input instanceof AuditLogFile && !input.isGzip()) return readGpuAuditBytes(input.chunks(), classifier, filter, onRecord, onMalformed);
  const { text, gzip, strings } = await logText(input instanceof AuditLogFile ? input.stream() : input);
  // a stream of strings has been decoded already, and only readline splits it exactly as it always has
  const read = strings ? readGpuAuditByReadline : readGpuAuditBytes;
  try {
    return await read(text, classifier, filter, onRecord, onMalformed);
  } catch (e) {
    throw gzip && isZlibError(e) ? new GzipError((e as Error).message) : e;
  }
}

/** An audit log file, for streamGpuAudit. */
export function openAuditLog(path: string): AuditLogFile {
  return new AuditLogFile(path);
}
