/**
 * Where the running code was bundled (`npm run build` bundles the CLI into dist/bundle/, see
 * scripts/bundle.mjs): the URL of the bundle file running this code, or undefined when running
 * from dist/ module by module or from the sources. The bundler replaces the expression below with
 * that file's `import.meta.url`; the variable is never set otherwise.
 */
export function bundleUrl(): string | undefined {
  return process.env.BACKTESTER_BUNDLE_URL;
}
