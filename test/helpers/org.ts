import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { synthesize } from '../../lib/synth/synthesize';
import type { Plan } from '../../lib/plan/types';
import { orgOfOutputs, type Org } from '../../lib/sandbox/sandbox';
import { NOW } from './example';

/** A fixture org's teams.yaml: test/fixtures/NAME/teams.yaml. */
export function fixture(name: string): string {
  return join(__dirname, '..', 'fixtures', name, 'teams.yaml');
}

/** The fixture org NAME as the sandbox applies it. */
export function fixtureOrg(name: string): Org {
  return orgOfText(readFileSync(fixture(name), 'utf8'));
}

/** An org as the sandbox applies it, from a teams.yaml text, in memory (the fixtures' dates hold at NOW). */
export function orgOfText(text: string, now: Date = NOW): Org {
  return orgOfOutputs(synthesize(text, { now }));
}

/** The users of an org's `user:` tokens. */
export function tokenUsers(plan: Plan): string[] {
  return [...new Set(plan.teams.flatMap((t) => t.tokens.flatMap((k) => (k.subject.kind === 'User' ? [k.subject.name] : []))))].sort();
}
