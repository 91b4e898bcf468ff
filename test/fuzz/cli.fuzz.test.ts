// CLI fuzzing: random files and random argument lists through the shipped bundle. Every run
// exits 0, 1 or 2 with output, and never prints a stack trace.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { FUZZ_RUNS, FUZZ_SEED, fuzzParameters } from './fuzzConfig';

const cli = path.join(__dirname, '../../../dist/cli.js');

const argument = fc.oneof(
  fc.constantFrom('check', 'explain', 'resolve', '-f', '--format', 'json', 'sarif', 'text', 'xml', '--fail-on', 'error', 'none', '--severity', 'unresolved-host=off', 'x=y', '--type', 'SRV', 'MX', '--profile', 'kube-dns', 'bogus', '--cluster-domain', 'kube.local', '..', '--from-namespace', '--service', 'a/b', '--max-file-size', '0', '-h', '--', 'web-0.nginx', '-', '', '/dev/null', '/proc/self/pagemap', '--default-namespace', 'Bad_NS', '__proto__=off', 'constructor=error', '*', 'svc', 'a b', '1024'),
  fc.string({ maxLength: 10 }),
);

suite(`fuzz: the CLI (runs=${Math.ceil(FUZZ_RUNS / 5)}, seed=${FUZZ_SEED})`, function () {
  this.timeout(600_000);

  test('random files and arguments: exit 0, 1 or 2, a message, no stack trace', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ksd-fuzz-'));
    try {
      fc.assert(
        fc.property(fc.string({ maxLength: 300 }), fc.array(argument, { maxLength: 7 }), fc.boolean(), (content, args, withFile) => {
          const file = path.join(dir, 'input.yaml');
          writeFileSync(file, `apiVersion: v1\nkind: Service\nmetadata: {name: web}\n---\n${content}`);
          const argv = withFile ? [...args, '-f', file] : args;
          const r = spawnSync(process.execPath, [cli, ...argv], { encoding: 'utf8', timeout: 30_000 });
          assert.ok([0, 1, 2].includes(r.status ?? -1), `exit ${r.status} for ${JSON.stringify(argv)}: ${r.stderr}`);
          assert.ok(r.stdout.length + r.stderr.length > 0, `no output for ${JSON.stringify(argv)}`);
          assert.doesNotMatch(r.stderr, /\n\s+at |internal error/, `stack trace or internal error for ${JSON.stringify(argv)}`);
          if (r.status === 2) assert.match(r.stderr, /^kube-service-dns: /);
        }),
        fuzzParameters(Math.ceil(FUZZ_RUNS / 5)),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('random file names (control characters, ::, %): every text line is one problem or the summary', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ksd-fuzz-names-'));
    try {
      const name = fc.string({ minLength: 1, maxLength: 16 }).filter((n) => !n.includes('/') && !n.includes('\0') && n !== '.' && n !== '..');
      fc.assert(
        fc.property(name, fc.constantFrom('text', 'sarif'), (fileName, format) => {
          const file = path.join(dir, `${fileName}.yaml`);
          writeFileSync(file, `apiVersion: v1\nkind: Service\nmetadata: {name: "${JSON.stringify(fileName).slice(1, -1)}"}\nspec: {selector: {app: x}}\n`);
          try {
            const r = spawnSync(process.execPath, [cli, 'check', '-f', '.', '--format', format], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
            assert.ok([0, 1].includes(r.status ?? -1), `exit ${r.status} for ${JSON.stringify(fileName)}: ${r.stderr}`);
            if (format === 'sarif') {
              // eslint-disable-next-line no-control-regex
              for (const result of JSON.parse(r.stdout).runs[0].results) assert.doesNotMatch(result.locations[0].physicalLocation.artifactLocation.uri, /[\s\u0000-\u001f"<>\\^`{|}]/);
              return;
            }
            const lines = r.stdout.trimEnd().split('\n');
            for (const line of lines.slice(0, -1)) assert.match(line, /^(?!::).*:\d+:\d+: (error|warning|info|hint) [a-z-]+ /, JSON.stringify(fileName));
            assert.match(lines[lines.length - 1]!, /^\d+ problems? \(/);
          } finally {
            rmSync(file, { force: true });
          }
        }),
        fuzzParameters(Math.ceil(FUZZ_RUNS / 10)),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
