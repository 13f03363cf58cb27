import base from '../../jest.config.js';

/**
 * Hostile-input proofs (`npm run test:fuzz`): bounded, seeded fast-check runs against a real Warden
 * process from `dist/` (the script builds first), and cross-tenant probes. Kept out of `npm test`,
 * which ignores this folder. FUZZ_RUNS and FUZZ_SEED change the size and seed of a run.
 */
export default {
  ...base,
  rootDir: '../..',
  testMatch: ['<rootDir>/test/fuzz/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 600_000,
};
