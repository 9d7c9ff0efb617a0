import { describeFieldChange, describeOrphan, orphanDeletionNote } from './change-text';
import { describeId } from './object-identity';
import { hasDrift, type DriftReport, type ExtraObject } from './report';
import { driftCounts } from './report-table';

/** Table cell text: pipes and line breaks would end the cell. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;
const table = (header: readonly string[], rows: readonly (readonly string[])[]) => [
  `| ${header.join(' | ')} |`,
  `|${header.map(() => '---').join('|')}|`,
  ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
];

/** A pull-request or issue comment: the counts, then a table per kind of drift. Empty when nothing drifted. */
export function driftMarkdown(report: DriftReport, cluster: string): string {
  if (!hasDrift(report)) return '';
  const lines = [`### Drift on ${cluster}`, '', `${driftCounts(report)}: the cluster compared with dist/.`];
  if (report.extra.length > 0) {
    // the summary without the object it starts with: `grants oidc:x admin in research: …`, `not bound: within teamLead`
    const what = (e: ExtraObject) => e.summary.slice(describeId(e).length).replace(/^,? /, '');
    lines.push('', '#### Extra grants (not in dist/)', '', ...table(['object', 'what', 'remove with'], report.extra.map((e) => [describeId(e), what(e), code(e.command)])));
  }
  if (report.changed.length > 0) {
    const rows = report.changed.flatMap((c) => c.fields.map((f, i) => [i === 0 ? describeId(c) : '', describeFieldChange(f), i === 0 ? code(c.command) : '']));
    lines.push('', '#### Changed on the cluster', '', ...table(['object', 'field', 'restore with'], rows));
  }
  if (report.missing.length > 0) {
    lines.push('', '#### Missing from the cluster', '', ...table(['object', 'file', 'restore with'], report.missing.map((m) => [describeId(m), m.file, code(m.command)])));
  }
  if (report.orphaned.length > 0) {
    const rows = report.orphaned.map((o) => [o.name, describeOrphan(o), `${code(o.command)} (${orphanDeletionNote(o)})`]);
    lines.push('', '#### Orphaned namespaces', '', ...table(['namespace', 'why', 'delete on purpose with'], rows));
  }
  if (report.unlisted.length > 0) lines.push('', `Not compared: ${report.unlisted.map((u) => `${u.kind} (${u.reason})`).join('; ')}.`);
  return `${lines.join('\n')}\n`;
}
