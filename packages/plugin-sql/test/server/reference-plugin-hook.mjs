// Registered with `node --import` for the reference baseline: the server's own dependency on
// `@elizaos/plugin-sql` is overridden to this project's plugin (the workspace install), so this
// resolve hook sends that one specifier to the real @elizaos/plugin-sql@1.7.2 instead, resolved
// from this package (its devDependency). Every other module resolves as usual.
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
const from = ${JSON.stringify(new URL('../../package.json', import.meta.url).href)};
export async function resolve(specifier, context, next) {
  if (specifier === '@elizaos/plugin-sql') return next(specifier, { ...context, parentURL: from });
  return next(specifier, context);
}`),
);
