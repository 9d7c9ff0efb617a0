import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../lib/usage/unified-diff';

/** Apply a unified diff to the old text, checking every context and removed line on the way. */
function patch(oldText: string, diff: string): string {
  const old = oldText.split('\n');
  if (old[old.length - 1] === '') old.pop();
  const out: string[] = [];
  let at = 0;
  const lines = diff.split('\n').slice(2, -1);
  for (let i = 0; i < lines.length; i++) {
    const header = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@$/.exec(lines[i]!);
    if (!header) throw new Error(`expected a hunk header, got ${lines[i]}`);
    const start = Number(header[1]) - (header[2] === '0' ? 0 : 1);
    while (at < start) out.push(old[at++]!);
    for (i += 1; i < lines.length && !lines[i]!.startsWith('@@'); i++) {
      const [kind, text] = [lines[i]![0], lines[i]!.slice(1)];
      if (kind === '+') out.push(text);
      else {
        if (old[at] !== text) throw new Error(`line ${at + 1}: expected ${JSON.stringify(text)}, got ${JSON.stringify(old[at])}`);
        if (kind === ' ') out.push(text);
        at += 1;
      }
    }
    i -= 1;
  }
  while (at < old.length) out.push(old[at++]!);
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}

describe('unifiedDiff', () => {
  it('is empty for equal texts, and what `diff -u` writes for a change', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n', { old: 'a/x', new: 'b/x' })).toBe('');
    const before = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'].join('\n') + '\n';
    const after = before.replace('two\n', 'TWO\n').replace('nine\n', '');
    expect(unifiedDiff(before, after, { old: 'a/x', new: 'b/x' })).toBe('--- a/x\n+++ b/x\n@@ -1,10 +1,9 @@\n one\n-two\n+TWO\n three\n four\n five\n six\n seven\n eight\n-nine\n ten\n');
    const far = ['l1', 'l2', 'l3', 'l4', 'l5', 'l6', 'l7', 'l8', 'l9', 'l10', 'l11', 'l12'].join('\n') + '\n';
    expect(unifiedDiff(far, far.replace('l1\n', 'L1\n').replace('l12\n', 'L12\n'), { old: 'a', new: 'b' })).toBe('--- a\n+++ b\n@@ -1,4 +1,4 @@\n-l1\n+L1\n l2\n l3\n l4\n@@ -9,4 +9,4 @@\n l9\n l10\n l11\n-l12\n+L12\n');
  });

  it('turns the old text into the new one', () => {
    const lines = fc.array(fc.constantFrom('a', 'b', 'c', 'd', '', '  - x'), { maxLength: 30 }).map((l) => (l.length === 0 ? '' : `${l.join('\n')}\n`));
    fc.assert(
      fc.property(lines, lines, (a, b) => {
        const diff = unifiedDiff(a, b, { old: 'a', new: 'b' });
        expect(diff === '' ? a : patch(a, diff)).toBe(b);
      }),
      { numRuns: 500 },
    );
  });
});
