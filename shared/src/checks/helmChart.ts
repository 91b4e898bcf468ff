// Helm charts: a folder with Chart.yaml and templates/. Its template files are Go templates until
// rendered; rather than one note per template document, the chart gets one note on Chart.yaml.
// Paths are file paths or URIs; both use `/` here (the CLI and the server give them so, or `\`
// on Windows, which is normalised for the comparison only).
import { makeSpan } from '../text/span';
import type { Catalog } from '../model/catalog';
import type { Problem } from '../core/problem';

const CHART_FILE = 'Chart.yaml';

function folderOf(path: string): string {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return slash < 0 ? '' : path.slice(0, slash + 1);
}

/** The Chart.yaml whose templates/ folder holds `path`, if the workspace has it. */
export function chartOf(catalog: Catalog, path: string): string | null {
  const normal = path.replace(/\\/g, '/');
  let at = normal.lastIndexOf('/templates/');
  while (at >= 0) {
    const chart = `${path.slice(0, at + 1)}${CHART_FILE}`;
    if (catalog.files.has(chart)) return chart;
    at = normal.lastIndexOf('/templates/', at - 1);
  }
  if (normal.startsWith('templates/') && catalog.files.has(CHART_FILE)) return CHART_FILE;
  return null;
}

/** Chart.yaml's one note: how many template documents of the chart are skipped, and how to silence it. */
export function chartNote(catalog: Catalog, path: string): Problem | null {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  if (path.slice(slash + 1) !== CHART_FILE) return null;
  const templates = `${folderOf(path)}templates`;
  let documents = 0;
  let files = 0;
  for (const [other, model] of catalog.files) {
    if (!other.startsWith(templates) || !/^[/\\]/.test(other.slice(templates.length)) || chartOf(catalog, other) !== path) continue;
    const skipped = model.problems.filter((p) => p.code === 'helm-template-skipped').length;
    documents += skipped;
    if (skipped > 0) files++;
  }
  if (documents === 0) return null;
  const text = catalog.files.get(path)?.text ?? '';
  const name = /^name:[ \t]*["']?([^\s"'#]+)/m.exec(text);
  const span = name ? makeSpan(name.index + name[0].length - name[1]!.length, name.index + name[0].length) : makeSpan(0, Math.min(text.length, 1));
  const folder = folderOf(path).replace(/[/\\]$/, '') || '.';
  return {
    code: 'helm-template-skipped',
    severity: 'info',
    path,
    span,
    message: `Helm chart ${name?.[1] ?? folder}: ${documents} template document${documents === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'} under templates/ ${documents === 1 ? 'is' : 'are'} skipped until rendered; run helm template ${folder} and check the output to see their DNS names. To hide this note, set the severity of helm-template-skipped to off.`,
  };
}
