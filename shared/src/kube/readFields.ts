// Typed readers over the YAML tree for one Kubernetes object. A field of the wrong type is what
// the API server rejects, so each reader reports `invalid-object` and marks the object rejected.
import type { Problem } from '../core/problem';
import { placeholderIn } from './names';
import type { Span } from '../text/span';
import { asMap, asScalar, asSeq, getPair, keyText, type YMap, type YNode, type YSeq } from '../yaml/tree';
import type { Spanned } from './types';

/**
 * Watches typed reads for template braces: `{{` in a field the API types (a name, a label, a
 * number…) or braces that YAML read as a mapping mean the document is an unrendered template.
 * `{{` inside a free-form string (an env value, a ConfigMap entry) is data and is never read here.
 * It also collects documented placeholders that made a typed field invalid (`isPlaceholder`).
 */
export interface TemplateWatch {
  readonly text: string;
  /** Whether the document holds `{{` at all (else typed reads need not look for it). */
  readonly braces: boolean;
  /** Where the first template brace in a typed field is. */
  hit: Span | null;
  /** The first documented placeholder (`YOUR_ZONE_HERE`, `<your-namespace>`) that made a field invalid. */
  placeholder: { readonly span: Span; readonly text: string } | null;
}

/**
 * Whether the invalid value at `span` is a documented placeholder; then it is recorded on the
 * watch (the document is one to fill in, not a broken one) and true is returned.
 */
export function isPlaceholder(watch: TemplateWatch | null, span: Span): boolean {
  if (!watch) return false;
  const text = placeholderIn(watch.text.slice(span.start, span.end).replace(/^(["'])(.*)\1$/s, '$2'));
  if (text === null) return false;
  watch.placeholder ??= { span, text };
  return true;
}

export class FieldReader {
  /** The first reason the API server would reject the object, if any. */
  rejectedBecause: string | null = null;

  constructor(
    private readonly path: string,
    private readonly objectLabel: string,
    readonly problems: Problem[],
    private readonly watched: TemplateWatch | null = null,
  ) {}

  /** Records template braces inside `span` (a typed field's value or key). */
  private watch(span: Span): void {
    if (!this.watched || !this.watched.braces || this.watched.hit) return;
    const at = this.watched.text.slice(span.start, span.end).indexOf('{{');
    if (at >= 0) this.watched.hit = { start: span.start + at, end: span.start + at + 2 };
  }

  reject(span: Span, message: string): void {
    isPlaceholder(this.watched, span);
    this.problems.push({ code: 'invalid-object', severity: 'warning', path: this.path, span, message });
    this.rejectedBecause ??= message;
  }

  private describe(node: YNode): string {
    if (node.kind === 'map') return 'a mapping';
    if (node.kind === 'seq') return 'a list';
    if (node.value === null) return 'null';
    return typeof node.value === 'string' ? `the string "${node.source}"` : `${typeof node.value} ${node.source}`;
  }

  private wrongType(node: YNode, field: string, expected: string): void {
    this.watch(node.span);
    this.reject(
      node.span,
      `${this.objectLabel}: ${field} must be ${expected}, not ${this.describe(node)}; the API server rejects this object, so it gets no DNS records.`,
    );
  }

  map(node: YNode | null, field: string): YMap | null {
    if (!node || isNull(node)) return null;
    const map = asMap(node);
    // `{{ x }}` unquoted is a flow mapping whose key is a mapping: braces, not structure.
    if (map?.flow && map.pairs.some((p) => p.key !== null && p.key.kind !== 'scalar')) this.watch(map.span);
    if (!map) this.wrongType(node, field, 'a mapping');
    return map;
  }

  seq(node: YNode | null, field: string): YSeq | null {
    if (!node || isNull(node)) return null;
    const seq = asSeq(node);
    if (!seq) this.wrongType(node, field, 'a list');
    return seq;
  }

  string(node: YNode | null, field: string): Spanned<string> | null {
    if (!node || isNull(node)) return null;
    const scalar = asScalar(node);
    if (scalar) this.watch(scalar.span);
    if (!scalar || typeof scalar.value !== 'string') {
      this.wrongType(node, field, 'a string (quote it: YAML 1.1 reads yes/no/on/off as booleans)');
      return null;
    }
    return { value: scalar.value, span: scalar.span };
  }

  int(node: YNode | null, field: string): Spanned<number> | null {
    if (!node || isNull(node)) return null;
    const scalar = asScalar(node);
    if (scalar) this.watch(scalar.span);
    if (!scalar || typeof scalar.value !== 'number' || !Number.isInteger(scalar.value)) {
      this.wrongType(node, field, 'an integer');
      return null;
    }
    return { value: scalar.value, span: scalar.span };
  }

  bool(node: YNode | null, field: string): boolean | null {
    if (!node || isNull(node)) return null;
    const scalar = asScalar(node);
    if (scalar) this.watch(scalar.span);
    if (!scalar || typeof scalar.value !== 'boolean') {
      this.wrongType(node, field, 'a boolean');
      return null;
    }
    return scalar.value;
  }

  /** IntOrString, as in `targetPort`: a number, or a name that must contain a letter. */
  intOrString(node: YNode | null, field: string): Spanned<number | string> | null {
    if (!node || isNull(node)) return null;
    const scalar = asScalar(node);
    if (scalar) this.watch(scalar.span);
    if (scalar && typeof scalar.value === 'number' && Number.isInteger(scalar.value))
      return { value: scalar.value, span: scalar.span };
    if (scalar && typeof scalar.value === 'string') {
      if (!/[a-z]/i.test(scalar.value)) {
        this.reject(
          scalar.span,
          `${this.objectLabel}: ${field} "${scalar.value}" is a string without letters; write the number unquoted or use a port name.`,
        );
        return null;
      }
      return { value: scalar.value, span: scalar.span };
    }
    this.wrongType(node, field, 'a port number or a port name');
    return null;
  }

  /** A map of string to string, such as labels or a selector. */
  stringMap(node: YNode | null, field: string): Spanned<Record<string, string>> | null {
    const map = this.map(node, field);
    if (!map) return null;
    const result: Record<string, string> = {};
    for (const pair of map.pairs) {
      this.watch(pair.keySpan);
      const key = keyText(pair);
      if (key === null) continue;
      const value = this.string(pair.value, `${field}.${key}`);
      if (value) result[key] = value.value;
    }
    return { value: result, span: map.span };
  }
}

function isNull(node: YNode): boolean {
  return node.kind === 'scalar' && node.value === null; // `key:` and `key: null` both mean unset
}

export function pairSpan(map: YMap, key: string): Span | null {
  const pair = getPair(map, key);
  return pair ? pair.keySpan : null;
}
