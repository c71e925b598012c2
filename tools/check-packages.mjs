// Checks the published packages as the registry would receive them: builds, packs every public
// workspace package, lints each tarball (publint, attw, the rules below), then installs the tarballs
// in a new directory outside the repository, as a user would, and loads the facade with `import` and
// `require()`, also under the reference's name `@elizaos/plugin-sql` and its `./node`/`./browser`.
// Usage: node tools/check-packages.mjs [--keep]   (--keep leaves the temporary directory in place)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const root = fileURLToPath(new URL('..', import.meta.url));
const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const keep = process.argv.includes('--keep');
// The pnpm version the repository pins, whichever pnpm started this script.
const pnpm = ['npx', '-y', rootManifest.packageManager];
const failures = [];
const fail = (message) => failures.push(message);

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', ...options });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status}\n${output}`);
  }
  return result.stdout ?? '';
}

function filesUnder(dir) {
  return readdirSync(dir, { recursive: true })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => relative(dir, path).split(sep).join('/'));
}

/** Every target string of an `exports` value, with the condition path that leads to it. */
function exportTargets(value, path = []) {
  if (typeof value === 'string') return [{ path, target: value }];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => exportTargets(inner, [...path, key]));
}

/** The packaging rules publint and attw do not cover. */
function checkManifest(pkg, files, workspacePath) {
  const has = new Set(files);
  const where = pkg.name;
  for (const { path, target } of exportTargets(pkg.exports)) {
    if (path.some((key) => key.startsWith('@eliza-sql/')))
      fail(`${where}: exports ${path.join(' > ')} is a workspace-only condition`);
    if (!has.has(target.replace(/^\.\//, '')))
      fail(`${where}: exports ${path.join(' > ')} -> ${target} is not in the tarball`);
  }
  for (const [subpath, entry] of Object.entries(pkg.exports ?? {})) {
    if (typeof entry === 'string') continue; // ./package.json
    for (const condition of ['types', 'import', 'require', 'default'])
      if (!(condition in entry)) fail(`${where}: exports "${subpath}" has no "${condition}" condition`);
  }
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies'])
    for (const [dep, range] of Object.entries(pkg[field] ?? {}))
      if (String(range).startsWith('workspace:')) fail(`${where}: ${field} ${dep} is still ${range}`);
  if (!has.has('LICENSE')) fail(`${where}: no LICENSE file`);
  if (pkg.repository?.directory !== workspacePath)
    fail(`${where}: repository.directory is ${pkg.repository?.directory}, expected ${workspacePath}`);
  if (!pkg.homepage || !pkg.bugs?.url) fail(`${where}: no homepage or bugs url`);
  for (const file of files) {
    if (/\.(c|m)?tsx?$/.test(file) && !/\.d\.(c|m)?ts$/.test(file)) fail(`${where}: ships source ${file}`);
    if (file.endsWith('.d.ts.map')) fail(`${where}: ships declaration map ${file} (its src/ is not packed)`);
  }
}

/** Every shipped source map carries its sources, since src/ is not packed. */
function checkSourceMaps(name, dir, files) {
  for (const file of files.filter((f) => f.endsWith('.map'))) {
    const map = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const complete =
      Array.isArray(map.sourcesContent) &&
      map.sourcesContent.length === map.sources.length &&
      map.sourcesContent.every((content) => typeof content === 'string');
    if (!complete) fail(`${name}: ${file} has no sourcesContent for ${map.sources.join(', ')}`);
  }
}

async function lintTarball(tarball, pkg) {
  const bytes = readFileSync(tarball);
  const tarballBuffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const result = await publint({ pack: { tarball: tarballBuffer }, level: 'suggestion', strict: true });
  for (const message of result.messages)
    fail(`${pkg.name}: publint ${message.code}: ${formatMessage(message, result.pkg, { color: false })}`);

  // node16 profile: node10 (moduleResolution "node") cannot see subpath exports, and engines is
  // Node >=20.19 anyway. cjs-resolves-to-esm: require() of our ESM works on Node >=20.19 (require(esm))
  // and TypeScript >=5.8 (module node20/nodenext) types it; attw's TypeScript predates both.
  const attw = spawnSync(
    join(root, 'node_modules/.bin/attw'),
    [tarball, '--profile', 'node16', '--ignore-rules', 'cjs-resolves-to-esm', '--no-color', '--no-emoji'],
    { encoding: 'utf8' },
  );
  if (attw.status !== 0) fail(`${pkg.name}: attw\n${attw.stdout}${attw.stderr}`);
}

const consumerEsm = (published, specifiers) => `
import assert from 'node:assert/strict';
import plugin, * as reference from '@elizaos/plugin-sql';
import * as node from '@elizaos/plugin-sql/node';
import * as browser from '@elizaos/plugin-sql/browser';
import * as ours from '@eliza-sql/plugin-sql';
import manifest from '@elizaos/plugin-sql/package.json' with { type: 'json' };

assert.equal(manifest.name, '@eliza-sql/plugin-sql', '@elizaos/plugin-sql is aliased to ours');
assert.equal(plugin.name, '@elizaos/plugin-sql');
assert.equal(typeof reference.createDatabaseAdapter, 'function');
assert.equal(typeof reference.DatabaseMigrationService, 'function');
assert.equal(node.plugin, reference.plugin, './node is the main entry');
assert.equal(browser.plugin, reference.plugin, './browser is the main entry');
assert.deepEqual(Object.keys(ours).sort(), Object.keys(reference).sort());
for (const specifier of ${JSON.stringify(specifiers)}) await import(specifier);
console.log('import: ${published} packages and their subpaths load, @elizaos/plugin-sql resolves to ours');
`;

const consumerCjs = (specifiers) => `
const assert = require('node:assert/strict');
const { join } = require('node:path');
const sql = require('@elizaos/plugin-sql');
assert.equal(require('@elizaos/plugin-sql/package.json').name, '@eliza-sql/plugin-sql');
assert.equal(sql.default, sql.plugin);
assert.equal(sql.plugin.name, '@elizaos/plugin-sql');
assert.equal(require('@elizaos/plugin-sql/node').plugin, sql.plugin);
assert.equal(require('@elizaos/plugin-sql/browser').plugin, sql.plugin);
for (const specifier of ${JSON.stringify(specifiers)}) require(specifier);

(async () => {
  // The installed files alone run an agent's database: PGlite, the bundled seed, the migrations.
  const adapter = sql.createDatabaseAdapter({ dataDir: join(__dirname, 'pglite') }, '00000000-0000-4000-8000-000000000001');
  await adapter.init();
  assert.equal(await adapter.isReady(), true);
  assert.deepEqual(await adapter.getAgents(), []);
  await adapter.close();
  console.log('require(): every package loads; a PGlite adapter from the tarballs initialises and queries');
})().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
`;

// A TypeScript user on module nodenext (TypeScript >=5.8 types require() of ESM) sees the same API
// through require and import, under both names and every subpath.
const consumerCts = `import sql = require('@elizaos/plugin-sql');
import node = require('@elizaos/plugin-sql/node');
import browser = require('@elizaos/plugin-sql/browser');
export const name: string = sql.plugin.name;
export const factories: Array<typeof sql.createDatabaseAdapter> = [node.createDatabaseAdapter, browser.createDatabaseAdapter];
`;
const consumerMts = `import plugin, { createDatabaseAdapter } from '@elizaos/plugin-sql';
import * as ours from '@eliza-sql/plugin-sql';
export const name: string = plugin.name;
export const factory: typeof ours.createDatabaseAdapter = createDatabaseAdapter;
`;
const consumerTsconfig = {
  compilerOptions: { module: 'nodenext', strict: true, noEmit: true, skipLibCheck: true, types: [] },
  files: ['types.cts', 'types.mts'],
};

async function main() {
  const started = Date.now();
  run(pnpm[0], [...pnpm.slice(1), 'exec', 'turbo', 'run', 'build', '--output-logs=errors-only'], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });

  const workspace = JSON.parse(run(pnpm[0], [...pnpm.slice(1), 'ls', '-r', '--depth', '-1', '--json']))
    .filter((p) => p.path !== root.replace(/\/$/, ''))
    .map((p) => ({ ...p, dir: relative(root, p.path).split(sep).join('/') }));
  for (const p of workspace)
    if (p.dir.startsWith('internal/') && !p.private) fail(`${p.name}: internal packages must be private`);
  const published = workspace.filter((p) => !p.private);

  const temp = mkdtempSync(join(tmpdir(), 'eliza-sql-packages-'));
  try {
    const tarballDir = join(temp, 'tarballs');
    mkdirSync(tarballDir);
    const filters = published.flatMap((p) => ['--filter', p.name]);
    run(pnpm[0], [...pnpm.slice(1), '-r', ...filters, 'pack', '--pack-destination', tarballDir]);

    const tarballs = new Map();
    for (const p of published) {
      const file = join(tarballDir, `${p.name.replace('@', '').replace('/', '-')}-${p.version}.tgz`);
      const unpacked = join(temp, 'unpacked', p.name);
      mkdirSync(unpacked, { recursive: true });
      run('tar', ['-xzf', file, '-C', unpacked]);
      const dir = join(unpacked, 'package');
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      const files = filesUnder(dir);
      checkManifest(pkg, files, p.dir);
      checkSourceMaps(p.name, dir, files);
      await lintTarball(file, pkg);
      tarballs.set(p.name, { file, pkg });
    }
    const packed = readdirSync(tarballDir);
    if (packed.length !== published.length) fail(`packed ${packed.join(', ')}; expected only the published`);

    // A user's project: the tarballs, the reference's name aliased to ours, and elizaOS core.
    const consumer = join(temp, 'consumer');
    mkdirSync(consumer);
    const facade = tarballs.get('@eliza-sql/plugin-sql');
    if (!facade) throw new Error('@eliza-sql/plugin-sql was not packed');
    const dependencies = Object.fromEntries([...tarballs].map(([name, { file }]) => [name, `file:${file}`]));
    dependencies['@elizaos/plugin-sql'] = `file:${facade.file}`;
    dependencies['@elizaos/core'] = rootManifest.devDependencies['@elizaos/core'];
    writeFileSync(
      join(consumer, 'package.json'),
      `${JSON.stringify({ name: 'consumer', private: true, dependencies }, null, 2)}\n`,
    );
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: consumer,
    });

    const specifiers = [...tarballs.values()].flatMap(({ pkg }) =>
      Object.keys(pkg.exports)
        .filter((subpath) => subpath !== './package.json')
        .map((subpath) => pkg.name + subpath.slice(1)),
    );
    writeFileSync(join(consumer, 'esm.mjs'), consumerEsm(tarballs.size, specifiers));
    writeFileSync(join(consumer, 'cjs.cjs'), consumerCjs(specifiers));
    for (const script of ['esm.mjs', 'cjs.cjs']) {
      const result = spawnSync(process.execPath, [script], { cwd: consumer, encoding: 'utf8' });
      if (result.status === 0) process.stdout.write(result.stdout);
      else fail(`${script} in ${consumer}\n${result.stdout}${result.stderr}`);
    }
    writeFileSync(join(consumer, 'types.cts'), consumerCts);
    writeFileSync(join(consumer, 'types.mts'), consumerMts);
    writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify(consumerTsconfig));
    const tsc = spawnSync(join(root, 'node_modules/.bin/tsc'), ['-p', consumer], { encoding: 'utf8' });
    if (tsc.status === 0)
      console.log('types: require and import of the facade type-check on module nodenext');
    else fail(`tsc in ${consumer}\n${tsc.stdout}${tsc.stderr}`);
    const bin = join(consumer, 'node_modules/.bin/eliza-sql-migrate');
    if (!statSync(bin, { throwIfNoEntry: false }))
      fail('the migrator CLI was not linked as eliza-sql-migrate');
  } finally {
    if (keep) console.log(`kept ${temp}`);
    else rmSync(temp, { recursive: true, force: true });
  }

  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  if (failures.length > 0) {
    console.error(`check-packages: ${failures.length} problem(s)\n- ${failures.join('\n- ')}`);
    process.exit(1);
  }
  console.log(`check-packages: ${published.map((p) => p.name).join(', ')} are publishable (${seconds} s)`);
}

await main();
