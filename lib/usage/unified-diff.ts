/** One line of a diff: kept, removed from the old text, or added by the new one. */
type Op = { readonly kind: ' ' | '-' | '+'; readonly line: string };

/**
 * A unified diff (`diff -u`, 3 lines of context) of two texts, for `--dry-run`; '' when they are equal.
 * Myers' O((N+M)·D) algorithm: teams.yaml edits are few lines in a long file.
 */
export function unifiedDiff(oldText: string, newText: string, names: { readonly old: string; readonly new: string }, context = 3): string {
  if (oldText === newText) return '';
  const a = splitLines(oldText);
  const b = splitLines(newText);
  const ops = diffLines(a, b);
  const hunks: string[] = [];
  let i = 0;
  while (i < ops.length) {
    if (ops[i]?.kind === ' ') {
      i += 1;
      continue;
    }
    // a hunk: from `context` lines before this change to `context` lines after the last change within reach
    let start = i;
    while (start > 0 && i - start < context && ops[start - 1]?.kind === ' ') start -= 1;
    let end = i;
    for (;;) {
      while (end < ops.length && ops[end]?.kind !== ' ') end += 1;
      let next = end;
      while (next < ops.length && ops[next]?.kind === ' ') next += 1;
      if (next < ops.length && next - end <= 2 * context) end = next;
      else {
        end = Math.min(end + context, ops.length);
        break;
      }
    }
    const oldStart = 1 + ops.slice(0, start).filter((o) => o.kind !== '+').length;
    const newStart = 1 + ops.slice(0, start).filter((o) => o.kind !== '-').length;
    const body = ops.slice(start, end);
    const oldCount = body.filter((o) => o.kind !== '+').length;
    const newCount = body.filter((o) => o.kind !== '-').length;
    hunks.push(`@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@\n${body.map((o) => `${o.kind}${o.line}\n`).join('')}`);
    i = end;
  }
  return `--- ${names.old}\n+++ ${names.new}\n${hunks.join('')}`;
}

function range(start: number, count: number): string {
  // diff -u writes an empty range as the line before it
  return count === 1 ? String(start) : `${count === 0 ? start - 1 : start},${count}`;
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max;
  let v: Int32Array = new Int32Array(2 * max + 2);
  const trace: Int32Array[] = [];
  outer: for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x += 1;
        y += 1;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) break outer;
    }
  }
  // walk the trace back from the end
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    v = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : v[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ kind: ' ', line: a[x - 1]! });
      x -= 1;
      y -= 1;
    }
    if (d > 0) {
      if (x === prevX) ops.push({ kind: '+', line: b[y - 1]! });
      else ops.push({ kind: '-', line: a[x - 1]! });
      x = prevX;
      y = prevY;
    }
  }
  return ops.reverse();
}
