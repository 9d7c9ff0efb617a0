import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { desiredState, readDesiredState } from '../../lib/drift/desired-state';
import { eachManifest } from '../../lib/synth/render';
import { synthesize } from '../../lib/synth/synthesize';
import { generateOrgWithRoles } from '../helpers/generated-org';
import { EXAMPLE_TEAMS, examplePlan, NOW } from '../helpers/example';
import { parseConfig } from '../../lib/config/load';
import { buildPlan } from '../../lib/plan/build-plan';

describe('what drift compares the cluster with', () => {
  it.each([
    ['the example org', examplePlan()],
    ['a generated org with custom roles and tokens', buildPlan(parseConfig(generateOrgWithRoles(12), { now: NOW }).config)],
  ])('%s: every object of dist/, in the file synth writes it to', (_, plan) => {
    const expected = [...eachManifest(plan)].flatMap((m) => m.objects.map((object) => ({ object, file: join('dist', m.file) })));
    expect(desiredState(plan, 'dist').objects).toEqual(expected);
  });

  it('reads teams.yaml and holds dist/ to it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-rbac-desired-'));
    const text = synthesize(readFileSync(EXAMPLE_TEAMS), { now: NOW });
    mkdirSync(join(dir, 'dist'));
    for (const [file, content] of text.dist) writeFileSync(join(dir, 'dist', file), content);
    const desired = readDesiredState({ teamsFile: EXAMPLE_TEAMS, distDir: join(dir, 'dist'), now: NOW });
    expect(desired.objects.length).toBe(desiredState(examplePlan(), 'dist').objects.length);
    writeFileSync(join(dir, 'dist', 'team-data.yaml'), '# edited by hand\n');
    expect(() => readDesiredState({ teamsFile: EXAMPLE_TEAMS, distDir: join(dir, 'dist'), now: NOW })).toThrow(`${join(dir, 'dist')}/ is not what ${EXAMPLE_TEAMS} gives (team-data.yaml), expected the output of synth: run \`npx cdk8s synth\` first`);
  });
});
