// Bundles the shipped artifacts with esbuild: the extension (vscode external), the language
// server and the CLI (no externals: everything they need is inside the bundle).
// `cli-package` (built only when named, by `npm pack` in cli/) is the CLI's npm package: the same
// bundle, minified, in cli/dist/, with the repository's LICENSE beside cli/package.json.
import * as esbuild from 'esbuild';
import { existsSync, readFileSync, chmodSync, copyFileSync } from 'node:fs';

const production = process.argv.includes('--production');
const version = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  define: { KSD_VERSION: JSON.stringify(version) },
};

const builds = {
  extension: { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  server: { entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js' },
  cli: { entryPoints: ['cli/src/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
};
const packageBuilds = {
  'cli-package': { ...builds.cli, outfile: 'cli/dist/cli.js', sourcemap: false, minify: true },
};

// The reader thread of the CLI and the server (host/src/readerWorker.ts) runs from source embedded
// in their bundles, so each stays one file.
async function readerSource() {
  const result = await esbuild.build({ ...common, entryPoints: ['host/src/readerWorker.ts'], write: false, sourcemap: false, minify: production });
  return result.outputFiles[0].text;
}

// `node scripts/bundle.mjs cli` builds one bundle; no name builds all three.
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('--'));
for (const [name, build] of [...Object.entries(builds), ...Object.entries(packageBuilds)]) {
  if (wanted.length ? !wanted.includes(name) : name in packageBuilds) continue;
  if (!existsSync(build.entryPoints[0])) throw new Error(`missing entry point ${build.entryPoints[0]}`);
  const reader = name === 'extension' ? {} : { KSD_READER_SOURCE: JSON.stringify(await readerSource()) };
  await esbuild.build({ ...common, ...build, define: { ...common.define, ...reader } });
}
for (const cli of ['dist/cli.js', 'cli/dist/cli.js']) if (existsSync(cli)) chmodSync(cli, 0o755);
if (wanted.includes('cli-package')) copyFileSync('LICENSE', 'cli/LICENSE');
