// DNS name grammar shared by validation, host scanning and resolution.

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** Kubernetes' DNS-1123 label: namespaces, pod hostnames and subdomains. */
export function dns1123LabelError(value: string): string | null {
  if (value.length > 63) return `"${value}" is ${value.length} characters long; a DNS label has at most 63`;
  if (!DNS1123_LABEL.test(value))
    return `"${value}" is not a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit)`;
  return null;
}

/** Kubernetes' DNS-1035 label: Service names (they must start with a letter). */
export function dns1035LabelError(value: string): string | null {
  if (value.length > 63) return `"${value}" is ${value.length} characters long; a Service name has at most 63`;
  if (!DNS1035_LABEL.test(value))
    return `"${value}" is not a DNS-1035 label (lowercase letters, digits and '-', starting with a letter and ending with a letter or digit)`;
  return null;
}

/** Kubernetes' DNS-1123 subdomain: most object names and ExternalName targets. */
export function dns1123SubdomainError(value: string): string | null {
  if (value.length > 253) return `"${value}" is longer than 253 characters`;
  if (!value.split('.').every((label) => DNS1123_LABEL.test(label)))
    return `"${value}" is not a DNS-1123 subdomain (dot-separated lowercase labels)`;
  return null;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

export function isIPv4(value: string): boolean {
  return IPV4.test(value);
}

export function isIPv6(value: string): boolean {
  return value.includes(':') && /^[0-9a-fA-F:.]+$/.test(value) && value.split('::').length <= 2;
}

export function isIP(value: string): boolean {
  return isIPv4(value) || isIPv6(value);
}

/** CoreDNS's endpoint name for an address without a hostname: `10.1.2.3` → `10-1-2-3`. */
export function dashedIp(ip: string): string {
  if (isIPv4(ip)) return ip.replace(/\./g, '-');
  const dashed = ip.replace(/:/g, '-');
  return dashed.endsWith('-') ? `${dashed}0` : dashed;
}

/** The IP a dashed endpoint or pod label encodes, or null when it encodes none. */
export function undashIp(label: string): string | null {
  const v4 = label.replace(/-/g, '.');
  if (isIPv4(v4)) return v4;
  const v6 = label.replace(/-/g, ':').replace(/:0$/, ':');
  return isIPv6(v6) ? v6 : null;
}

/**
 * Edit distance with adjacent transpositions counted as one edit (optimal string alignment), so
 * `cahce` is one step from `cache`. Bounded: returns `max + 1` once the distance exceeds `max`.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, beforePrevious[j - 2]! + 1);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length]!;
}
