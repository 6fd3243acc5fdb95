/**
 * Makes every property test reproducible: fast-check draws from one fixed seed unless
 * FC_SEED is set (e.g. `FC_SEED=42 npx vitest run tests/unit` to explore other inputs).
 * On failure fast-check prints the seed and path, which replay the counterexample via
 * `fc.assert(property, { seed, path })`.
 */
import fc from "fast-check";

const DEFAULT_SEED = 20261201;

function seedFromEnv(value: string | undefined): number {
  if (value === undefined || value === "") return DEFAULT_SEED;
  const seed = Number(value);
  if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED "${value}" is not an integer`);
  return seed;
}

fc.configureGlobal({ seed: seedFromEnv(process.env.FC_SEED) });
