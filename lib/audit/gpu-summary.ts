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
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
  return table.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('   ')).join('\n') + '\n';
}
