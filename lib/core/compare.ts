/** Code-unit order of two strings (not locale order): every list in dist/ and every report sorts by it. */
export const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Sorts distinct strings in code-unit order in place, as `strings.sort()` does, without its allocations: V8's
 * sort allocates hundreds of bytes per call, and rendering a thousand teams sorts the keys of every map, a
 * quarter of a million short lists, into half of all the memory it allocates. Long lists go to `sort()`.
 */
export function sortKeys(strings: string[]): string[] {
  if (strings.length > 32) return strings.sort();
  for (let i = 1; i < strings.length; i++) {
    const s = strings[i] as string;
    let j = i - 1;
    if (!(s < (strings[j] as string))) continue;
    while (j >= 0 && s < (strings[j] as string)) {
      strings[j + 1] = strings[j] as string;
      j--;
    }
    strings[j + 1] = s;
  }
  return strings;
}
