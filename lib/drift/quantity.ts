// Kubernetes quantities as exact numbers: the API server returns them in canonical form ("1000" comes back as
// "1k", "0.5" as "500m"), so dist/'s spelling and the cluster's can differ for the same value.

const QUANTITY = /^([+-]?)(\d+)?(?:\.(\d*))?(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;
const BINARY: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

/** A value as digits × 10^exponent, with no trailing zero in digits (0 is 0 × 10^0). */
interface Exact {
  readonly digits: bigint;
  readonly exponent: number;
}

function exact(value: string | number): Exact | undefined {
  const match = QUANTITY.exec(String(value));
  if (!match || (match[2] === undefined && !match[3])) return undefined;
  const [, sign = '', whole = '', fraction = '', suffix = ''] = match;
  let digits = BigInt(`${sign}${whole}${fraction}` || '0');
  let exponent = -fraction.length;
  if (suffix in BINARY) digits *= 2n ** BigInt(BINARY[suffix] as number);
  else if (suffix in DECIMAL) exponent += DECIMAL[suffix] as number;
  else if (suffix !== '') exponent += Number(suffix.slice(1));
  if (digits === 0n) return { digits, exponent: 0 };
  while (digits % 10n === 0n) {
    digits /= 10n;
    exponent += 1;
  }
  return { digits, exponent };
}

/** Whether two values are the same Kubernetes quantity (`1000` and `1k`, `8Ti` and `8796093022208`). */
export function sameQuantity(a: unknown, b: unknown): boolean {
  if ((typeof a !== 'string' && typeof a !== 'number') || (typeof b !== 'string' && typeof b !== 'number')) return false;
  const x = exact(a);
  const y = exact(b);
  return x !== undefined && y !== undefined && x.digits === y.digits && x.exponent === y.exponent;
}
