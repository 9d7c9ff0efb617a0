/** Code-unit order of two strings (not locale order): every list in dist/ and every report sorts by it. */
export const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
