// Bundles the shipped artifacts with esbuild: the extension (vscode external), the language
// server and the CLI (no externals: everything they need is inside the bundle).
import * as esbuild from 'esbuild';
import { existsSync, readFileSync, chmodSync } from 'node:fs';

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

// `node scripts/bundle.mjs cli` builds one bundle; no name builds all three.
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('--'));
for (const [name, build] of Object.entries(builds)) {
  if (wanted.length && !wanted.includes(name)) continue;
  if (!existsSync(build.entryPoints[0])) throw new Error(`missing entry point ${build.entryPoints[0]}`);
  await esbuild.build({ ...common, ...build });
}
if (existsSync('dist/cli.js')) chmodSync('dist/cli.js', 0o755);
