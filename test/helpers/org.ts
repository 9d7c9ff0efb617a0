import { join } from 'node:path';
import { synthesize } from '../../lib/synth/synthesize';
import { orgOfOutputs, type Org } from '../../lib/sandbox/sandbox';
import { NOW } from './example';

/** A fixture org's teams.yaml: test/fixtures/NAME/teams.yaml. */
export function fixture(name: string): string {
  return join(__dirname, '..', 'fixtures', name, 'teams.yaml');
}

/** An org as the sandbox applies it, from a teams.yaml text, in memory (the fixtures' dates hold at NOW). */
export function orgOfText(text: string, now: Date = NOW): Org {
  return orgOfOutputs(synthesize(text, { now }));
}
