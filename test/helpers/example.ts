import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { parseConfig } from '../../lib/config/load';
import type { TeamsConfig } from '../../lib/config/types';
import { buildPlan } from '../../lib/plan/build-plan';
import type { Plan } from '../../lib/plan/types';
import { renderManifests } from '../../lib/synth/render';

/** The repository: its code and tool files only. The tests never read its teams.yaml, dist/ or ACCESS.md, which are the org's. */
export const ROOT = join(__dirname, '..', '..');
export const NOW = new Date('2026-11-23T00:00:00Z');

/** The example org the tests use (the org's own teams.yaml at the root may differ from it, and usually does). */
export const EXAMPLE_TEAMS = join(__dirname, '..', 'fixtures', 'example', 'teams.yaml');
/** The example org's golden dist/: what synth writes for EXAMPLE_TEAMS. */
export const EXAMPLE_DIST = join(ROOT, '__snapshots__', 'example');

/** The example org, validated as synth validates it. */
export function examplePlan(): Plan {
  return buildPlan(parseConfig(readFileSync(EXAMPLE_TEAMS), { now: NOW }).config);
}

/** Every object synth would write for `plan`, in file order. */
export function allObjects(plan: Plan): Record<string, unknown>[] {
  return renderManifests(plan).flatMap((m) => [...m.objects]);
}

/** Validate a config given as an object (through the same YAML + schema + rules as teams.yaml) and plan it. */
export function planOf(config: TeamsConfig): Plan {
  return buildPlan(parseConfig(JSON.stringify(config), { now: NOW }).config);
}

/** The objects one construct renders, in a fresh chart without hashes. */
export function render(build: (scope: Construct) => void): Record<string, unknown>[] {
  const chart = new Chart(new App(), 'test', { disableResourceNameHashes: true });
  build(chart);
  return chart.toJson();
}
