import { describeFieldChange, describeOrphan, orphanDeletionNote } from './change-text';
import { describeId } from './object-identity';
import type { DriftReport } from './report';

const CATEGORY_WIDTH = 10;
const head = (category: string, text: string) => `${category.padEnd(CATEGORY_WIDTH)}${text}`;
const detail = (text: string) => `${' '.repeat(CATEGORY_WIDTH + 2)}${text}`;

/** One finding per paragraph: its category and what it is, its details indented, and the kubectl command that fixes it. */
export function driftTable(report: DriftReport): string {
  const lines: string[] = [];
  for (const e of report.extra) lines.push(head('extra', e.summary), detail(`fix: ${e.command}`));
  for (const c of report.changed) {
    const [only] = c.fields;
    if (c.fields.length === 1 && only) lines.push(head('changed', `${describeId(c)}: ${describeFieldChange(only)}`));
    else lines.push(head('changed', `${describeId(c)}: ${c.fields.length} fields`), ...c.fields.map((f) => detail(describeFieldChange(f))));
    lines.push(detail(`fix: ${c.command}`));
  }
  for (const m of report.missing) lines.push(head('missing', `${describeId(m)} (in ${m.file})`), detail(`fix: ${m.command}`));
  for (const o of report.orphaned) lines.push(head('orphaned', `${describeId(o)}: ${describeOrphan(o)}`), detail(`fix: ${o.command}  # ${orphanDeletionNote(o)}`));
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** `2 extra grants, 1 changed, 1 missing, 1 orphaned namespace`. */
export function driftCounts(report: DriftReport): string {
  const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  return [
    n(report.extra.length, 'extra grant', 'extra grants'),
    `${report.changed.length} changed`,
    `${report.missing.length} missing`,
    n(report.orphaned.length, 'orphaned namespace', 'orphaned namespaces'),
  ].join(', ');
}
