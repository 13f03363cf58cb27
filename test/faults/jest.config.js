import base from '../../jest.config.js';

/**
 * Fault and scale-out proofs (`npm run test:faults`): real Warden processes from `dist/` (the script
 * builds first), killed with SIGKILL, run side by side, and cut off from a private Postgres and Redis.
 * Kept out of `npm test`, which ignores this folder.
 */
export default {
  ...base,
  rootDir: '../..',
  testMatch: ['<rootDir>/test/faults/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 240_000,
};
