// Builds the web console: compiles console/src/**/*.ts to browser ES modules in <out>/js/ with swc,
// and copies the page, its style sheet and icon. No bundler and nothing fetched: the browser loads
// the modules from Warden itself.
//
//   node console/build.mjs [out]      (default dist/console; `npm run build` runs it)
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformFile } from '@swc/core';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(process.argv[2] ?? path.join(here, '..', 'dist', 'console'));
const STATIC = ['index.html', 'console.css', 'icon.svg'];
/**
 * Console modules that are the server's own code: their file in console/src re-exports the server
 * module (so the type checker sees one definition), and the build compiles the server module in its
 * place (so the browser loads it from the console's own folder).
 */
const SHARED = { [path.join('lib', 'canonical-json.ts')]: path.join(here, '..', 'src', 'common', 'canonical-json.ts') };

function* sources(dir) {
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* sources(full);
    else if (name.endsWith('.ts')) yield full;
  }
}

export async function buildConsole(target = out) {
  rmSync(target, { recursive: true, force: true });
  mkdirSync(path.join(target, 'js'), { recursive: true });
  for (const name of STATIC) copyFileSync(path.join(here, name), path.join(target, name));
  const root = path.join(here, 'src');
  let count = 0;
  for (const file of sources(root)) {
    const relative = path.relative(root, file).replace(/\.ts$/, '.js');
    const { code, map } = await transformFile(SHARED[path.relative(root, file)] ?? file, {
      swcrc: false,
      sourceMaps: true,
      sourceFileName: `/console/src/${path.relative(root, file).split(path.sep).join('/')}`,
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'es6' },
    });
    const dest = path.join(target, 'js', relative);
    mkdirSync(path.dirname(dest), { recursive: true });
    writeFileSync(dest, `${code}\n//# sourceMappingURL=${path.basename(dest)}.map\n`);
    if (map) writeFileSync(`${dest}.map`, map);
    count++;
  }
  return { out: target, modules: count };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildConsole().catch((error) => {
    process.stderr.write(`Building the console failed: ${error.stack ?? error}\n`);
    process.exit(1);
  });
}
