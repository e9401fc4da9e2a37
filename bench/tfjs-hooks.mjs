// Module hooks that let Node load tfjs-core's ES-module build (dist/**/*.js: ES modules with
// extensionless relative imports, in a package without "type": "module"). The bench needs it for
// one file: dist/register_all_gradients.js, which registers tfjs's gradient functions (Mean,
// MatMul, Softmax, …). The package's Node entry (dist/tf-core.node.js, CommonJS) leaves them out;
// the @tensorflow/tfjs umbrella package normally brings them in. Both copies of tfjs-core share
// one engine and one gradient registry through globalThis, by tfjs's design.
const DIST = '/@tensorflow/tfjs-core/dist/';

export async function resolve(specifier, context, next) {
  if (context.parentURL?.includes(DIST) && /^\.\.?\//.test(specifier) && !specifier.endsWith('.js')) {
    return next(`${specifier}.js`, context);
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (url.includes(DIST) && url.endsWith('.js') && !url.endsWith('/tf-core.node.js')) {
    return next(url, { ...context, format: 'module' });
  }
  return next(url, context);
}
