// package.json's contributed settings agree with the server: every problem code is listed with
// its default severity, and every default is the server's default.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { PROBLEM_CODES } from '../../shared/src/index';
import { DEFAULT_SETTINGS, HOST_SCAN_FIELDS } from '../../server/src/settings';

interface Property {
  readonly default?: unknown;
  readonly enum?: readonly string[];
  readonly properties?: Record<string, { readonly enum: readonly string[]; readonly markdownDescription: string }>;
  readonly items?: { readonly enum?: readonly string[] };
}

const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as {
  main: string;
  activationEvents: string[];
  engines: { vscode: string };
  capabilities: unknown;
  contributes: { configuration: { properties: Record<string, Property> } };
};
const settings = manifest.contributes.configuration.properties;

suite('package: manifest', () => {
  test('lists every problem code under kubeServiceDns.severity, with its default', () => {
    const codes = settings['kubeServiceDns.severity']!.properties!;
    assert.deepEqual(Object.keys(codes).sort(), Object.keys(PROBLEM_CODES).sort());
    for (const [code, { severity }] of Object.entries(PROBLEM_CODES)) {
      assert.deepEqual(codes[code]!.enum, ['error', 'warning', 'info', 'hint', 'off']);
      assert.match(codes[code]!.markdownDescription, new RegExp(`\\(default: \`${severity}\`\\)\\.$`), code);
    }
  });

  test('declares the server defaults', () => {
    const defaults = Object.fromEntries(Object.entries(settings).map(([key, p]) => [key.replace('kubeServiceDns.', ''), p.default]));
    assert.deepEqual(defaults, {
      clusterDomain: DEFAULT_SETTINGS.clusterDomain,
      defaultNamespace: DEFAULT_SETTINGS.defaultNamespace,
      dnsProfile: DEFAULT_SETTINGS.dnsProfile,
      severity: DEFAULT_SETTINGS.severity,
      exclude: DEFAULT_SETTINGS.exclude,
      hostScanFields: DEFAULT_SETTINGS.hostScanFields,
      maxFileSize: DEFAULT_SETTINGS.maxFileSize,
      maxFiles: DEFAULT_SETTINGS.maxFiles,
      maxCheckTime: DEFAULT_SETTINGS.maxCheckTime,
      reportYamlSyntaxErrors: DEFAULT_SETTINGS.reportYamlSyntaxErrors,
      // Read by the client (its inlay-hint middleware), not the server.
      'inlayHints.enabled': true,
    });
    assert.deepEqual(settings['kubeServiceDns.hostScanFields']!.items!.enum, HOST_SCAN_FIELDS);
  });

  test('activates on YAML, runs in untrusted workspaces and on VS Code 1.100', () => {
    assert.equal(manifest.main, './dist/extension.js');
    assert.deepEqual(manifest.activationEvents, ['onLanguage:yaml', 'workspaceContains:**/*.{yaml,yml}']);
    assert.deepEqual(manifest.capabilities, {
      untrustedWorkspaces: { supported: true },
      virtualWorkspaces: { supported: false, description: "The language server reads the workspace's YAML files from disk." },
    });
    assert.match(manifest.engines.vscode, /^\^1\.100\.0$/);
  });
});
