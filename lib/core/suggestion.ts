import { closest, distance } from 'fastest-levenshtein';

/**
 * The known name a typo most likely meant, if one is close enough: a teams.yaml key, a command, a flag.
 * @param maxDistance edits allowed (default: one per four characters of the known name, at least one)
 */
export function suggestion(key: string, known: readonly string[], maxDistance?: number): string | undefined {
  if (known.length === 0) return undefined;
  const lower = known.find((k) => k.toLowerCase() === key.toLowerCase());
  if (lower) return lower;
  // a key cut short ("tokenMaxAge" for tokenMaxAgeDays) is far from the whole key by edit distance
  const longer = known.filter((k) => key.length >= 4 && k.toLowerCase().startsWith(key.toLowerCase()));
  if (longer.length === 1) return longer[0];
  const best = closest(key, known as string[]);
  return distance(key, best) <= (maxDistance ?? Math.max(1, Math.floor(best.length / 4))) ? best : undefined;
}
