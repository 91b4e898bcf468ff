// The name grammar the Kubernetes API validates (DNS-1123/1035 labels and subdomains) and IP
// literals: used when objects are read, and by the layers above for hosts and settings.

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

/**
 * Documented placeholders that a reader replaces before applying: `YOUR_ZONE_HERE`-style capital
 * words with underscores, the usual single words (`CHANGEME`…), `<your-namespace>` in angle
 * brackets, and shell or envsubst variables (`${NS}`, `$NS`, `$(NS)`). None is a DNS name, so a
 * field holding one is a value to fill in, not an error of the manifest.
 */
const PLACEHOLDER = new RegExp(
  [
    '(?<![A-Za-z0-9_$])[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+(?![A-Za-z0-9_])',
    '(?<![A-Za-z0-9_$])(?:CHANGEME|CHANGE-ME|REPLACEME|REPLACE-ME|PLACEHOLDER|TODO|FIXME|TBD|XXXX*)(?![A-Za-z0-9_])',
    '<[A-Za-z][A-Za-z0-9_ .-]{0,79}>',
    '\\$\\{[A-Za-z_][A-Za-z0-9_]*(?:[:?=+-][^}]{0,80})?\\}',
    '\\$\\([A-Za-z_][A-Za-z0-9_]*\\)',
    '\\$[A-Za-z_][A-Za-z0-9_]*',
    // A whole value in capitals (`containerPort: PORT`, `namespace: NAMESPACE`): no name or number is.
    '^[A-Z][A-Z0-9]+$',
  ].join('|'),
);

/** The first documented placeholder in `value` (see PLACEHOLDER), or null. */
export function placeholderIn(value: string): string | null {
  if (value.length > 1024) return null; // no field an author fills in by hand is this long
  return PLACEHOLDER.exec(value)?.[0] ?? null;
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
