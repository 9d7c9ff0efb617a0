import { describe, expect, it } from 'vitest';
import { Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { YamlEditor } from '../../../lib/cli/edit/yaml-editor';

/** Edit `text` with `edit` and return the spliced result (which `result()` checks against the Document). */
function edited(text: string, edit: (editor: YamlEditor) => void): string {
  const editor = new YamlEditor(text);
  edit(editor);
  return editor.result();
}
const seqAt = (e: YamlEditor, ...path: (string | number)[]): YAMLSeq => e.doc.getIn(path, true) as YAMLSeq;
const mapAt = (e: YamlEditor, ...path: (string | number)[]): YAMLMap => e.doc.getIn(path, true) as YAMLMap;

describe('YamlEditor: splices that keep every other byte', () => {
  it('appends to a block list at the items\' indentation, after a trailing comment', () => {
    expect(edited('a:\n    - x   # one\nb: 1\n', (e) => e.appendScalar(seqAt(e, 'a'), 'two'))).toBe('a:\n    - x   # one\n    - two\nb: 1\n');
  });

  it('appends to a file without a final line break', () => {
    expect(edited('a:\n  - x', (e) => e.appendScalar(seqAt(e, 'a'), 'two'))).toBe('a:\n  - x\n  - two');
  });

  it('keeps CRLF line breaks', () => {
    expect(edited('a:\r\n  - x\r\nb: 1\r\n', (e) => e.appendScalar(seqAt(e, 'a'), 'two'))).toBe('a:\r\n  - x\r\n  - two\r\nb: 1\r\n');
  });

  it('appends into multi-line flow lists and keeps their layout', () => {
    expect(edited('a: [\n  x,\n  y\n]\n', (e) => e.appendScalar(seqAt(e, 'a'), 'z'))).toBe('a: [\n  x,\n  y, z\n]\n');
  });

  it('quotes what would not read back as the same string', () => {
    const append = (value: string): string => edited('a: [x]\n', (e) => e.appendScalar(seqAt(e, 'a'), value));
    expect(['007', 'on:call', 'x, y', 'null', 'yes', 'a.b-c_d'].map(append)).toEqual([
      'a: [x, "007"]\n',
      'a: [x, "on:call"]\n',
      'a: [x, "x, y"]\n',
      'a: [x, "null"]\n',
      'a: [x, "yes"]\n',
      'a: [x, a.b-c_d]\n',
    ]);
  });

  it('removes the first, a middle and the last item of a flow list', () => {
    expect(edited('a: [x, y, z]\n', (e) => e.removeItem(seqAt(e, 'a'), 0, false))).toBe('a: [y, z]\n');
    expect(edited('a: [x, y, z]\n', (e) => e.removeItem(seqAt(e, 'a'), 1, false))).toBe('a: [x, z]\n');
    expect(edited('a: [x, y, z]\n', (e) => e.removeItem(seqAt(e, 'a'), 2, false))).toBe('a: [x, y]\n');
    expect(edited('a: [x]\n', (e) => e.removeItem(seqAt(e, 'a'), 0, false))).toBe('a: []\n');
  });

  it('turns an emptied block list into [] in place of its item, keeping comments', () => {
    expect(edited('a:\n  # who\n  - x  # the one\nb: 1\n', (e) => e.removeItem(seqAt(e, 'a'), 0, false))).toBe('a:\n  # who\n  [] # the one\nb: 1\n');
  });

  it('removes a mapping item with the comments above it and one blank line', () => {
    const text = 'l:\n  # first\n  - n: 1\n\n  # second\n  - n: 2\n    m: 3\n\n  # third\n  - n: 4\n# end\n';
    expect(edited(text, (e) => e.removeItem(seqAt(e, 'l'), 1, true))).toBe('l:\n  # first\n  - n: 1\n\n  # third\n  - n: 4\n# end\n');
    expect(edited(text, (e) => e.removeItem(seqAt(e, 'l'), 0, true))).toBe('l:\n  # second\n  - n: 2\n    m: 3\n\n  # third\n  - n: 4\n# end\n');
    expect(edited(text, (e) => e.removeItem(seqAt(e, 'l'), 2, true))).toBe('l:\n  # first\n  - n: 1\n\n  # second\n  - n: 2\n    m: 3\n# end\n');
  });

  it('leaves a deeper comment above a removed item to the item it belongs to', () => {
    const text = 'l:\n  - n: 1\n    # about n: 1\n  # about n: 2\n  - n: 2\n';
    expect(edited(text, (e) => e.removeItem(seqAt(e, 'l'), 1, true))).toBe('l:\n  - n: 1\n    # about n: 1\n');
  });

  it('adds a key in the given order, before the comment of the key that follows', () => {
    const text = 'm:\n  a: 1\n  # about c\n  c: 3\n';
    expect(edited(text, (e) => e.addPair(mapAt(e, 'm'), 'b', ['x'], ['a', 'b', 'c']))).toBe('m:\n  a: 1\n  b: [x]\n  # about c\n  c: 3\n');
    expect(edited('m:\n  c: 3\n', (e) => e.addPair(mapAt(e, 'm'), 'a', { k: ['x'] }, ['a', 'c']))).toBe('m:\n  a:\n    k: [x]\n  c: 3\n');
  });

  it('adds a key to flow mappings, empty or not', () => {
    expect(edited('m: { a: 1, c: 3 }\n', (e) => e.addPair(mapAt(e, 'm'), 'b', 2, ['a', 'b', 'c']))).toBe('m: { a: 1, b: 2, c: 3 }\n');
    expect(edited('m: { c: 3 }\n', (e) => e.addPair(mapAt(e, 'm'), 'a', ['x'], ['a', 'c']))).toBe('m: { a: [x], c: 3 }\n');
    expect(edited('m: {}\n', (e) => e.addPair(mapAt(e, 'm'), 'a', ['x'], ['a']))).toBe('m: { a: [x] }\n');
  });

  it('follows the file\'s indentation step for new nested mappings', () => {
    expect(edited('m:\n    a: 1\n', (e) => e.addPair(mapAt(e, 'm'), 'b', { c: ['x'] }, ['a', 'b']))).toBe('m:\n    a: 1\n    b:\n        c: [x]\n');
  });

  it('sets a scalar in its own quoting style', () => {
    const set = (text: string): string => edited(text, (e) => e.setScalar(e.doc.get('d', true) as Scalar, '2026-11-20'));
    expect(set('d: 2026-01-01   # when\n')).toBe('d: 2026-11-20   # when\n');
    expect(set('d: "2026-01-01"\n')).toBe('d: "2026-11-20"\n');
    expect(set("d: '2026-01-01'\n")).toBe("d: '2026-11-20'\n");
  });

  it('appends a mapping to a block list, or to an empty flow list', () => {
    expect(edited('l:\n  - name: a\n\n  - name: b\n', (e) => e.appendMapping(seqAt(e, 'l'), { name: 'x', quota: { gpu: 8 } }, true))).toBe(
      'l:\n  - name: a\n\n  - name: b\n\n  - name: x\n    quota:\n      gpu: 8\n',
    );
    expect(edited('l: []\n', (e) => e.appendMapping(seqAt(e, 'l'), { name: 'x' }, false))).toBe('l: [{ name: x }]\n');
  });
});
