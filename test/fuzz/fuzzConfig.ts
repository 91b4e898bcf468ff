// Fuzz run size and seed: short in `npm test`, long with `npm run fuzz -- --runs N --seed S`.
const argv = process.argv;

function flag(name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : process.env[`FUZZ_${name.toUpperCase()}`];
}

export const FUZZ_RUNS = Number(flag('runs') ?? 150);
export const FUZZ_SEED = Number(flag('seed') ?? Date.now() % 2 ** 31);
/** Every file must finish within this, whatever the input (the engine is synchronous). */
export const FILE_BUDGET_MS = 2000;

export function fuzzParameters(runs = FUZZ_RUNS): { numRuns: number; seed: number; endOnFailure: boolean } {
  return { numRuns: runs, seed: FUZZ_SEED, endOnFailure: true };
}
