/**
 * Canonical JSON exactly as Warden signs it: the server's own encoder, which the console build
 * compiles into this module's place. The console re-encodes a checkpoint with it to check the
 * signature in the browser.
 */
export { canonicalJson } from '../../../src/common/canonical-json.js';
