/**
 * Trains the demo models from the project's seeded synthetic data and writes them to models/:
 * `<name>@<version>.onnx` and `<name>@<version>.json` (the manifest). The output is a pure
 * function of the code, so a rebuild reproduces the committed files byte for byte.
 *
 *   npm run models:build              write models/
 *   npm run models:build -- --check   fail if models/ differs from a fresh build
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { artefactFiles, buildDemoModels } from '../src/models/training/demo-models.js';

/** The repository root: found from this file (src or dist/scripts) or, failing that, from the working directory. */
function repoRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const start of [here, process.cwd()]) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      const manifest = path.join(dir, 'package.json');
      if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'warden') return dir;
      if (path.dirname(dir) === dir) break;
    }
  }
  throw new Error('cannot find the Warden repository root (a package.json named "warden") above this script or the working directory');
}

function main(): void {
  const check = process.argv.includes('--check');
  const out = path.join(repoRoot(), 'models');
  const started = Date.now();
  const artefacts = buildDemoModels();
  const stale: string[] = [];
  if (!check) mkdirSync(out, { recursive: true });
  for (const artefact of artefacts) {
    for (const file of artefactFiles(artefact)) {
      const target = path.join(out, file.name);
      if (check) {
        if (!existsSync(target) || !Buffer.from(readFileSync(target)).equals(Buffer.from(file.bytes))) stale.push(file.name);
      } else {
        writeFileSync(target, file.bytes);
      }
    }
    const { name, version, card, sha256 } = artefact.manifest;
    const metrics = Object.entries(card.evaluation.overall).map(([k, v]) => `${k} ${v}`).join(', ');
    const ratios = card.fairness ? `; impact ratios ${Object.entries(card.fairness.impactRatios).map(([k, v]) => `${k} ${v}`).join(', ')}` : '';
    console.log(`${name}@${version}  ${artefact.onnx.length} bytes  sha256 ${sha256.slice(0, 16)}…  ${metrics}${ratios}`);
  }
  if (check && stale.length > 0) {
    console.error(`models/ is out of date: ${stale.join(', ')} — run npm run models:build`);
    process.exitCode = 1;
    return;
  }
  console.log(`${check ? 'checked' : 'wrote'} ${artefacts.length * 2} files in ${out} (${Date.now() - started} ms)`);
}

main();
