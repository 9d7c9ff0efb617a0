import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateTeams } from '../../bench/generate';
import { accessReportText } from '../../lib/access/access-matrix';
import { buildOutputs } from '../../lib/cli/outputs';
import { EXAMPLE_TEAMS } from '../helpers/example';

const NOW = new Date('2026-11-23T00:00:00Z');

describe('buildOutputs', () => {
  it.each([
    ['the example org', EXAMPLE_TEAMS],
    ['40 generated teams', (() => {
      const dir = mkdtempSync(join(tmpdir(), 'outputs-'));
      writeFileSync(join(dir, 'teams.yaml'), generateTeams(40));
      return join(dir, 'teams.yaml');
    })()],
  ])('renders, when asked (check, edit commands), for %s the ACCESS.md that reading its dist/ back gives', (_, teamsFile) => {
    expect(buildOutputs({ teamsFile, now: NOW, strict: false }).files.has(join(teamsFile, '..', 'ACCESS.md'))).toBe(false);
    const outputs = buildOutputs({ teamsFile, now: NOW, strict: false, accessReport: true, reuseAccessReport: false });
    const report = outputs.files.get(join(teamsFile, '..', 'ACCESS.md'));
    expect(report).toBeDefined();
    expect(report).toBe(accessReportText(outputs.dist));
  });
});
