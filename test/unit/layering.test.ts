// The import boundaries of ARCHITECTURE.md are enforced by ESLint (eslint.config.mjs). These tests
// lint small probe files at real paths, so a rule that stops matching (a folder renamed, a pattern
// mistyped) fails here instead of silently allowing every import.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ESLint } from 'eslint';

const root = path.resolve(__dirname, '../../..');

async function restrictedImports(filePath: string, source: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(source, { filePath: path.join(root, filePath) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

suite('layering: a wrong import fails lint', function () {
  this.timeout(60_000);

  const wrong: [file: string, source: string, why: RegExp][] = [
    ['shared/src/kube/probe.ts', "import { resolveQuery } from '../dns/resolve';\nexport const x = resolveQuery;\n", /kube sits below shared\/src\/dns/],
    ['shared/src/model/probe.ts', "import { checkFile } from '../checks/checkFile';\nexport const x = checkFile;\n", /model sits below shared\/src\/checks/],
    ['shared/src/dns/probe.ts', "import { targetAt } from '../navigation/targetAt';\nexport const x = targetAt;\n", /dns sits below shared\/src\/navigation/],
    ['shared/src/core/probe.ts', "import type { YMap } from '../yaml/tree';\nexport type X = YMap;\n", /core sits below shared\/src\/yaml/],
    ['shared/src/dns/probe.ts', "import { parse } from 'yaml';\nexport const x = parse;\n", /parser seam/],
    ['shared/src/dns/probe.ts', "import * as fs from 'node:fs';\nexport const x = fs;\n", /no I\/O/],
    ['host/src/probe.ts', "import { startServer } from '../../server/src/server';\nexport const x = startServer;\n", /below the CLI and the server/],
    ['cli/src/probe.ts', "import { startServer } from '../../server/src/server';\nexport const x = startServer;\n", /does not depend on the language server/],
    ['cli/src/probe.ts', "import { Catalog } from '../../shared/src/model/catalog';\nexport const x = Catalog;\n", /through shared\/src\/index/],
    ['server/src/probe.ts', "import { Catalog } from '../../shared/src/model/catalog';\nexport const x = Catalog;\n", /through shared\/src\/index/],
    ['client/src/probe.ts', "import { Catalog } from '../../shared/src/index';\nexport const x = Catalog;\n", /thin launcher/],
    ['protocol/src/probe.ts', "import type { Range } from 'vscode-languageserver';\nexport type X = Range;\n", /imports nothing/],
    ['protocol/src/probe.ts', "import type { Catalog } from '../../shared/src/index';\nexport type X = Catalog;\n", /imports nothing/],
    ['shared/src/dns/probe.ts', "import { REQUESTS } from '../../../protocol/src/index';\nexport const x = REQUESTS;\n", /bottom layer/],
  ];
  for (const [file, source, why] of wrong)
    test(`${file}: ${source.split('\n')[0]}`, async () => {
      const messages = await restrictedImports(file, source);
      assert.ok(messages.some((m) => why.test(m)), `expected a no-restricted-imports error matching ${why}, got ${JSON.stringify(messages)}`);
    });

  const right: [file: string, source: string][] = [
    ['shared/src/dns/probe.ts', "import { Catalog } from '../model/catalog';\nexport const x = Catalog;\n"],
    ['shared/src/checks/probe.ts', "import { resolveQuery } from '../dns/resolve';\nexport const x = resolveQuery;\n"],
    ['shared/src/kube/probe.ts', "import { defaultSeverity } from '../core/problem';\nexport const x = defaultSeverity;\n"],
    ['cli/src/probe.ts', "import { readTextFile } from '../../host/src/fileSystem';\nexport const x = readTextFile;\n"],
    ['server/src/probe.ts', "import { createNodeHost } from '../../host/src/serverHost';\nexport const x = createNodeHost;\n"],
    ['server/src/probe.ts', "import { REQUESTS } from '../../protocol/src/index';\nexport const x = REQUESTS;\n"],
    ['client/src/probe.ts', "import { REQUESTS } from '../../protocol/src/index';\nexport const x = REQUESTS;\n"],
    ['protocol/src/probe.ts', "import type { Range } from './index';\nexport type X = Range;\n"],
  ];
  for (const [file, source] of right)
    test(`allowed: ${file}: ${source.split('\n')[0]}`, async () => {
      assert.deepEqual(await restrictedImports(file, source), []);
    });
});
