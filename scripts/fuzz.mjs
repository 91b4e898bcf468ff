// `npm run fuzz -- --runs 5000 --seed 42`: the fuzz suites with a chosen size and seed.
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const value = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const env = { ...process.env, FUZZ_RUNS: value('runs') ?? '3000' };
if (value('seed')) env.FUZZ_SEED = value('seed');
const result = spawnSync('npx', ['mocha', '--ui', 'tdd', 'out/test/fuzz/**/*.test.js'], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
