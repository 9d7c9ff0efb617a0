import { isIP } from 'node:net';

/** Kubernetes name and value formats (k8s.io/apimachinery/pkg/util/validation). */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
// resource.Quantity: <signedNumber><suffix>; suffix is binarySI, decimalSI or a decimal exponent
const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

/** Why `value` is not a DNS-1123 label, or undefined when it is one. */
export function dns1123LabelError(value: string): string | undefined {
  if (value.length > 63) return `must be a DNS-1123 label of at most 63 characters, got ${value.length} characters`;
  if (!DNS1123_LABEL.test(value)) return `must be a DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit), got ${JSON.stringify(value)}`;
  return undefined;
}

export function dns1123SubdomainError(value: string): string | undefined {
  if (value.length > 253) return `must be a DNS-1123 subdomain of at most 253 characters, got ${value.length} characters`;
  if (!DNS1123_SUBDOMAIN.test(value)) return `must be a DNS-1123 subdomain (lower-case letters, digits, "-" and "."), got ${JSON.stringify(value)}`;
  return undefined;
}

export function labelValueError(value: string): string | undefined {
  if (value.length > 63) return `must be a label value of at most 63 characters, got ${value.length} characters`;
  if (!LABEL_VALUE.test(value)) return `must be a label value (letters, digits, "-", "_" and ".", starting and ending with a letter or digit), got ${JSON.stringify(value)}`;
  return undefined;
}

/** Non-negative Kubernetes quantity, as the API server parses it. */
export function quantityError(value: string | number): string | undefined {
  const text = String(value);
  if (!QUANTITY.test(text)) return `must be a Kubernetes quantity such as "512", 8Ti or 500m, got ${JSON.stringify(value)}`;
  if (text.startsWith('-') && /[1-9]/.test(/^-[\d.]+/.exec(text)?.[0] ?? '')) return `must not be negative, got ${JSON.stringify(value)}`;
  return undefined;
}

/** Why `value` is not a usable IdP group or user name, or undefined. */
export function subjectNameError(value: string, what: 'group' | 'user'): string | undefined {
  if (value.length === 0) return `must be a non-empty ${what} name, got ""`;
  if (value.length > 253) return `must be a ${what} name of at most 253 characters, got ${value.length} characters`;
  if (/\s/.test(value)) return `must be a ${what} name without whitespace, got ${JSON.stringify(value)}`;
  const odd = [...value].findIndex((c) => c < '!' || c > '~');
  if (odd >= 0) {
    const cp = value.codePointAt([...value].slice(0, odd).join('').length) ?? 0;
    return `must be printable ASCII (look-alike characters bind a different ${what}), got ${JSON.stringify(value)} with U+${cp.toString(16).toUpperCase().padStart(4, '0')} at character ${odd + 1}`;
  }
  if (value.startsWith('system:')) return `must not start with "system:" (reserved for Kubernetes), got ${JSON.stringify(value)}`;
  return undefined;
}

export function cidrError(value: string): string | undefined {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(value);
  const family = m ? isIP(m[1]) : 0;
  if (!m || family === 0 || Number(m[2]) > (family === 4 ? 32 : 128)) return `must be a CIDR such as 10.0.0.0/8, got ${JSON.stringify(value)}`;
  return undefined;
}

/** YYYY-MM-DD that names a real calendar day. */
export function parseDate(value: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return undefined;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === value ? date : undefined;
}
