import { dns1123LabelError, labelValueError, parseDate } from '../../config/names';
import { TEAM_TIERS, TeamTier } from '../../config/types';
import { UsageError } from '../common';

/** A tier as teams.yaml spells it (teamLead) or as its ClusterRole does (team-lead). */
export function parseTier(value: string): TeamTier {
  const camel = value.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  const tier = TEAM_TIERS.find((t) => t === camel);
  if (!tier) throw new UsageError(`unknown tier ${JSON.stringify(value)}, expected one of ${TEAM_TIERS.join(', ')}`);
  return tier;
}

/** --date: a real calendar day, not after today. */
export function parseRotationDate(value: string, now: Date): string {
  const today = now.toISOString().slice(0, 10);
  if (!parseDate(value)) throw new UsageError(`--date must be a date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  if (value > today) throw new UsageError(`--date must not be in the future (today is ${today}), got ${JSON.stringify(value)}`);
  return value;
}

/** --gpu: a non-negative integer. */
export function parseGpuCount(value: string | undefined): number {
  if (value === undefined) throw new UsageError('missing --gpu N, the GPUs of the team\'s quota');
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw new UsageError(`--gpu must be a non-negative integer, got ${JSON.stringify(value)}`);
  return Number(value);
}

export function checkLabel(what: string, value: string | undefined): void {
  const error = value === undefined ? undefined : dns1123LabelError(value);
  if (error) throw new UsageError(`${what} ${error}`);
}

export function checkLabelValue(what: string, value: string | undefined): void {
  const error = value === undefined ? undefined : labelValueError(value);
  if (error) throw new UsageError(`${what} ${error}`);
}

/** Exactly `names.length` positional arguments. */
export function expectArguments(positionals: readonly string[], names: readonly string[]): string[] {
  if (positionals.length !== names.length) {
    const got = positionals.length === 0 ? 'none' : `${positionals.length}: ${positionals.map((p) => JSON.stringify(p)).join(' ')}`;
    throw new UsageError(`expected ${names.join(' ')}, got ${got}`);
  }
  return [...positionals];
}
