// Whether the workspace has Kubernetes YAML at all, decided cheaply before the language server is
// started: a workspace whose only YAML is CI workflows (GitHub Actions, compose files…) then
// costs one file search and a few small reads, and no server process.
import * as vscode from 'vscode';

/** A manifest names its apiVersion and kind at the top level. */
const MANIFEST = /^apiVersion:[ \t]*\S/m;
const KIND = /^kind:[ \t]*[A-Z]/m;
const SAMPLE_BYTES = 4096;
const MAX_FILES_SAMPLED = 200;
/** YAML that is never Kubernetes. */
/** (ripgrep, behind findFiles, allows no nested `{}` groups.) */
const NOT_KUBERNETES = '{**/.github/**,**/node_modules/**,**/.git/**,**/.gitlab-ci.yml,**/docker-compose*.yml,**/docker-compose*.yaml,**/compose.yml,**/compose.yaml,**/.pre-commit-config.yaml,**/mkdocs.yml,**/pnpm-lock.yaml}';

export function looksLikeKubernetes(text: string): boolean {
  return MANIFEST.test(text) && KIND.test(text);
}

export async function workspaceHasKubernetesYaml(): Promise<boolean> {
  if (vscode.workspace.textDocuments.some((d) => d.languageId === 'yaml' && looksLikeKubernetes(d.getText()))) return true;
  let files: vscode.Uri[];
  try {
    files = await vscode.workspace.findFiles('**/*.{yaml,yml}', NOT_KUBERNETES, MAX_FILES_SAMPLED);
  } catch {
    return true; // Cannot tell: start the server rather than miss a workspace.
  }
  for (const uri of files) {
    try {
      const bytes = await vscode.workspace.fs.readFile(uri);
      if (looksLikeKubernetes(new TextDecoder().decode(bytes.subarray(0, SAMPLE_BYTES)))) return true;
    } catch {
      // Unreadable: not evidence either way.
    }
  }
  return false;
}

/** Resolves when a Kubernetes YAML document is opened or saved (the workspace had none at start). */
export function whenKubernetesYamlAppears(context: vscode.ExtensionContext): Promise<void> {
  return new Promise((resolve) => {
    const check = (d: vscode.TextDocument) => {
      if (d.languageId !== 'yaml' || !looksLikeKubernetes(d.getText())) return;
      for (const s of subscriptions) s.dispose();
      resolve();
    };
    const subscriptions = [vscode.workspace.onDidOpenTextDocument(check), vscode.workspace.onDidSaveTextDocument(check), vscode.workspace.onDidChangeTextDocument((e) => check(e.document))];
    context.subscriptions.push(...subscriptions);
  });
}
