import { buildOutputs } from '../../lib/cli/outputs';
import type { Plan } from '../../lib/plan/types';
import { orgOfOutputs, type Org } from '../../lib/sandbox/sandbox';
import { NOW } from './example';

/** An org as the sandbox applies it, from a teams.yaml text, in memory (the fixtures' dates hold at NOW). */
export function orgOfText(text: string, now: Date = NOW): Org {
  return orgOfOutputs(buildOutputs({ teamsFile: 'teams.yaml', text, now, strict: false }));
}

/** The users of an org's `user:` tokens. */
export function tokenUsers(plan: Plan): string[] {
  return [...new Set(plan.teams.flatMap((t) => t.tokens.flatMap((k) => (k.subject.kind === 'User' ? [k.subject.name] : []))))].sort();
}
