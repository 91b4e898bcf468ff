// IP addresses as cluster DNS writes them: canonical text, CoreDNS's dashed labels, reverse names.
// Parsing is strict (docs/dns-rules.md rule 53 and 17): `db-0` is not an address.
import { isIPv4 } from '../kube/names';

/** The eight 16-bit groups of an IPv6 address, or null when the text is not a complete one. */
function ipv6Groups(text: string): number[] | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string): number[] | null => {
    if (part === '') return [];
    const groups: number[] = [];
    for (const group of part.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return null;
      groups.push(parseInt(group, 16));
    }
    return groups;
  };
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  if (!head || !tail) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  if (head.length + tail.length > 7) return null;
  return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}

/** RFC 5952 text (as Go's net.IP.String writes it): lowercase, leading zeros dropped, the longest zero run as `::`. */
function formatIPv6(groups: readonly number[]): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/** The canonical text of an IPv4 or IPv6 address, or null when `text` is not one. */
export function canonicalIp(text: string): string | null {
  if (isIPv4(text)) return text.split('.').map(Number).join('.');
  const groups = ipv6Groups(text);
  return groups ? formatIPv6(groups) : null;
}

/** CoreDNS's endpoint label for an address without a hostname: `10.1.2.3` → `10-1-2-3`, `fd00::` → `fd00--0`. */
export function dashedIp(ip: string): string {
  const canonical = canonicalIp(ip) ?? ip;
  if (!canonical.includes(':')) return canonical.replace(/\./g, '-');
  const dashed = canonical.replace(/:/g, '-');
  return dashed.endsWith('-') ? `${dashed}0` : dashed;
}

/**
 * The IP a dashed label encodes, or null. An IPv4 label is exactly four decimal octets; an IPv6
 * label is a complete address with `-` for `:` (so `--` is `::`). `db-0` encodes nothing.
 */
export function undashIp(label: string): string | null {
  if (/^\d{1,3}(-\d{1,3}){3}$/.test(label)) {
    const v4 = label.replace(/-/g, '.');
    return isIPv4(v4) && canonicalIp(v4) === v4 ? v4 : null;
  }
  if (!label.includes('--') && label.split('-').length !== 8) return null;
  return canonicalIp(label.replace(/-/g, ':'));
}

/** The reverse-lookup name of an IP: `10.0.0.1` → `1.0.0.10.in-addr.arpa`. */
export function reverseName(ip: string): string | null {
  const canonical = canonicalIp(ip);
  if (!canonical) return null;
  if (!canonical.includes(':')) return `${canonical.split('.').reverse().join('.')}.in-addr.arpa`;
  const nibbles = ipv6Groups(canonical)!.flatMap((g) => g.toString(16).padStart(4, '0').split(''));
  return `${nibbles.reverse().join('.')}.ip6.arpa`;
}

/** The IP a complete reverse name stands for, or null (a partial name such as `10.in-addr.arpa`). */
export function ipOfReverseName(name: string): string | null {
  if (name.endsWith('.in-addr.arpa')) {
    const octets = name.slice(0, -'.in-addr.arpa'.length).split('.');
    if (octets.length !== 4) return null;
    const ip = octets.reverse().join('.');
    return isIPv4(ip) && canonicalIp(ip) === ip ? ip : null;
  }
  if (name.endsWith('.ip6.arpa')) {
    const nibbles = name.slice(0, -'.ip6.arpa'.length).split('.');
    if (nibbles.length !== 32 || !nibbles.every((n) => /^[0-9a-f]$/.test(n))) return null;
    const hex = nibbles.reverse().join('');
    return canonicalIp(hex.match(/.{4}/g)!.join(':'));
  }
  return null;
}

export function isReverseName(name: string): boolean {
  return name === 'in-addr.arpa' || name === 'ip6.arpa' || name.endsWith('.in-addr.arpa') || name.endsWith('.ip6.arpa');
}
