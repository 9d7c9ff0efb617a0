import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateTeams } from '../../bench/generate';
import { parseConfig } from '../../lib/config/load';
import { buildPlan } from '../../lib/plan/build-plan';
import type { Plan } from '../../lib/plan/types';
import { manifestText, renderFiles, renderManifests } from '../../lib/synth/render';
import { renderManifestsInOneApp } from '../helpers/render-reference';
import { EXAMPLE_TEAMS } from '../helpers/example';

const NOW = new Date('2026-11-23T00:00:00Z');
const planOfText = (text: string | Buffer): Plan => buildPlan(parseConfig(text, { now: NOW }).config);

/** dist/ as the straightforward construct path writes it: every chart in one App. */
function referenceFiles(plan: Plan): Map<string, string> {
  return new Map(renderManifestsInOneApp(plan).map((m) => [m.file, manifestText(m.objects)]));
}

describe('renderFiles (one App per chart)', () => {
  it('writes byte for byte what every chart in one App writes, for 300 generated teams', () => {
    const plan = planOfText(generateTeams(300));
    const files = renderFiles(plan);
    expect(files.size).toBe(301);
    expect([...files.keys()]).toEqual([...referenceFiles(plan).keys()]);
    for (const [file, text] of referenceFiles(plan)) expect(files.get(file), file).toBe(text);
  });

  it('writes byte for byte what every chart in one App writes, for the example org', () => {
    const plan = planOfText(readFileSync(EXAMPLE_TEAMS));
    expect(renderFiles(plan)).toEqual(referenceFiles(plan));
  });

  it('renders the same objects as renderManifests, one file at a time, cluster.yaml first', () => {
    const plan = planOfText(generateTeams(3));
    const manifests = renderManifests(plan);
    expect(manifests.map((m) => m.file)).toEqual(['cluster.yaml', 'team-team-00000.yaml', 'team-team-00001.yaml', 'team-team-00002.yaml']);
    expect([...renderFiles(plan).values()]).toEqual(manifests.map((m) => manifestText(m.objects)));
  });
});
