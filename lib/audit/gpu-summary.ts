import type { GpuAuditRecord } from './gpu-event';

export interface GpuSummaryRow {
  /** null: events in namespaces of no team. */
  readonly team: string | null;
  readonly events: number;
  /** GPUs asked for by gpu_request, deploy and scale events (deletes and quota changes ask for none). */
  readonly requested: number;
  readonly allowed: number;
  readonly denied: number;
}

const REQUESTS = new Set(['gpu_request', 'deploy', 'scale']);

/** Per-team totals of a stream of records: memory grows with the number of teams, not of records. */
export class GpuSummary {
  private readonly rows = new Map<string | null, { events: number; requested: number; allowed: number; denied: number }>();

  add(record: GpuAuditRecord): void {
    const row = this.rows.get(record.team) ?? { events: 0, requested: 0, allowed: 0, denied: 0 };
    row.events += 1;
    if (REQUESTS.has(record.action)) {
      const gpus = record.gpuCount ?? 0;
      row.requested += gpus;
      if (record.result === 'allowed') row.allowed += gpus;
      else row.denied += gpus;
    }
    this.rows.set(record.team, row);
  }

  /** Sorted by team, events of no team last. */
  result(): GpuSummaryRow[] {
    return [...this.rows.entries()]
      .map(([team, row]) => ({ team, ...row }))
      .sort((a, b) => (a.team === null ? 1 : b.team === null ? -1 : a.team < b.team ? -1 : a.team > b.team ? 1 : 0));
  }
}

/** A kubectl-style table: upper-case headers, columns separated by three spaces. */
export function formatSummaryTable(rows: readonly GpuSummaryRow[]): string {
  const table = [
    ['TEAM', 'EVENTS', 'GPUS REQUESTED', 'ALLOWED', 'DENIED'],
    ...rows.map((r) => [r.team ?? '(no team)', String(r.events), String(r.requested), String(r.allowed), String(r.denied)]),
  ];
  return formatRows(table, columnWidths(table));
}

const RECORD_HEADER = ['TIME', 'TEAM', 'TIER', 'USER', 'ACTION', 'RESOURCE', 'GPUS', 'RESULT', 'REASON'];
const REASON_WIDTH = 80;
/** Records held back to size the columns: enough for a screenful and more, few enough to keep memory bounded. */
const SIZING_ROWS = 1000;

/**
 * The records as a kubectl-style table, one row per record, `-` for null. The columns are as wide as their widest
 * cell among the first SIZING_ROWS records, which are held back until then (or the end); after that rows print
 * as they come, and a wider cell shifts the rest of its own row only.
 */
export class GpuRecordTable {
  private held: string[][] | undefined = [RECORD_HEADER];
  private widths: number[] = [];

  /** The text to print for `record`: nothing while rows are held back, then all of them at once. */
  add(record: GpuAuditRecord): string {
    const row = recordRow(record);
    if (!this.held) return formatRows([row], this.widths);
    this.held.push(row);
    return this.held.length > SIZING_ROWS ? this.release() : '';
  }

  /** The text still to print after the last record: the whole table when it has at most SIZING_ROWS rows. */
  end(): string {
    return this.held ? this.release() : '';
  }

  private release(): string {
    const rows = this.held ?? [];
    this.held = undefined;
    this.widths = columnWidths(rows);
    return formatRows(rows, this.widths);
  }
}

function recordRow(r: GpuAuditRecord): string[] {
  const cells = [r.timestamp, r.team, r.tier, r.user, r.action, r.resource, r.gpuCount === null ? null : String(r.gpuCount), r.result];
  const reason = oneLine(r.reason ?? '-');
  return [...cells.map((cell) => oneLine(cell ?? '-')), reason.length > REASON_WIDTH ? `${reason.slice(0, REASON_WIDTH - 1)}…` : reason];
}

/** A denial message may span lines (admission webhooks write what they like): a table row may not. */
function oneLine(cell: string): string {
  return cell.replace(/\s+/g, ' ');
}

function columnWidths(table: readonly (readonly string[])[]): number[] {
  return table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
}

/** The last column is not padded, so that no line ends in spaces. */
function formatRows(rows: readonly (readonly string[])[], widths: readonly number[]): string {
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('   ')).join('\n') + '\n';
}
