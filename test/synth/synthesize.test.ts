import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ConfigError } from '../../lib/config/problem';
import { synthesize } from '../../lib/synth/synthesize';
import { EXAMPLE_TEAMS, NOW } from '../helpers/example';
import { renderFiles } from '../../lib/synth/render';

describe('synthesize(text, options): the pipeline as a library call', () => {
  const text = readFileSync(EXAMPLE_TEAMS, 'utf8');

  it('gives dist/, the audit policy and (when asked) ACCESS.md, from the text alone, under any file name', () => {
    const s = synthesize(text, { now: NOW, file: '/nowhere/teams.yaml', accessReport: true });
    expect(s.dist).toEqual(renderFiles(s.plan));
    expect([...s.files.keys()]).toEqual(['audit/audit-policy.yaml', 'ACCESS.md']);
    expect([...synthesize(text, { now: NOW }).files.keys()]).toEqual(['audit/audit-policy.yaml']);
  });

  it('locates problems in the file name given, and with strict, warnings are errors', () => {
    try {
      synthesize('cluster: { name: Bad }\nteams: []\n', { now: NOW, file: 'org.yaml' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).file).toBe('org.yaml');
    }
    const overdue = text.replace('rotatedAt: 2026-11-20', 'rotatedAt: 2025-01-01');
    expect(synthesize(overdue, { now: NOW }).loaded.warnings.length).toBe(1);
    expect(() => synthesize(overdue, { now: NOW, strict: true })).toThrow(ConfigError);
  });
});
