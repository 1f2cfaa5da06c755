import { build, type Metafile } from 'esbuild';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseToml } from 'smol-toml';
import { DISCLOSURE_METAFIELD, SETTING_KEYS } from '../../../extensions/sms-consent/src/settings.js';
import { CHECKOUT_DISCLOSURE_METAFIELD } from '../../../server/shops/checkout-disclosure-metafield.js';
import { CHECKOUT_TARGET, THANK_YOU_TARGET } from '../../../extensions/sms-consent/src/shopify-api.js';

const EXT_DIR = fileURLToPath(new URL('../../../extensions/sms-consent/', import.meta.url));

type Messages = { [key: string]: string | Messages };

async function flatMessages(file: string): Promise<Record<string, string>> {
  const flatten = (m: Messages, prefix = ''): Record<string, string> =>
    Object.entries(m).reduce<Record<string, string>>(
      (acc, [k, v]) =>
        typeof v === 'string' ? { ...acc, [prefix + k]: v } : { ...acc, ...flatten(v, `${prefix}${k}.`) },
      {},
    );
  return flatten(JSON.parse(await readFile(join(EXT_DIR, 'locales', file), 'utf8')) as Messages);
}

async function tomlModules(): Promise<string[]> {
  const toml = await readFile(join(EXT_DIR, 'shopify.extension.toml'), 'utf8');
  return [...toml.matchAll(/^module = "([^"]+)"$/gm)].map((m) => join(EXT_DIR, m[1] ?? ''));
}

describe('sms-consent extension bundle', () => {
  let outdir = '';
  beforeAll(async () => {
    outdir = await mkdtemp(join(tmpdir(), 'sms-consent-build-'));
  });
  afterAll(async () => {
    await rm(outdir, { recursive: true, force: true });
  });

  it('bundles every target module for the browser with Preact, with no errors or warnings', async () => {
    const entryPoints = await tomlModules();
    expect(entryPoints.map((p) => relative(EXT_DIR, p)).sort()).toEqual([
      'src/checkout.tsx',
      'src/thank-you.tsx',
    ]);

    const result = await build({
      entryPoints,
      outdir,
      bundle: true,
      write: true,
      platform: 'browser',
      format: 'esm',
      target: 'es2020',
      jsx: 'automatic',
      jsxImportSource: 'preact',
      tsconfig: join(EXT_DIR, 'tsconfig.json'),
      metafile: true,
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);

    // Every source file ends up in the bundle (no dead or unbundleable module).
    const metafile: Metafile = result.metafile;
    const inputs = Object.keys(metafile.inputs).map((p) => p.replace(/\\/g, '/'));
    const sources = (await readdir(join(EXT_DIR, 'src'))).filter((f) => /\.tsx?$/.test(f));
    expect(sources.length).toBeGreaterThanOrEqual(6);
    for (const source of sources)
      expect(inputs.some((input) => input.endsWith(`sms-consent/src/${source}`))).toBe(true);

    const outputs = (await readdir(outdir)).filter((f) => f.endsWith('.js')).sort();
    expect(outputs).toEqual(['checkout.js', 'thank-you.js']);
    for (const file of outputs) {
      const code = await readFile(join(outdir, file), 'utf8');
      // Rendered as JSX elements (jsx("s-consent-checkbox", {...})), not just mentioned as strings.
      expect(code).toMatch(/\w\(\s*"s-consent-checkbox",\s*\{/);
      expect(code).toMatch(/\w\(\s*"s-consent-phone-field",\s*\{/);
      expect(code).toContain('"sms-marketing"');
      expect(code).toContain('collect_buyer_consent.sms_marketing');
      expect(code).toMatch(/export\s*\{[^}]*\bas default\b[^}]*\}/);
      // Self-contained: Preact is bundled, nothing left to resolve at runtime.
      expect(code).not.toMatch(/^\s*import\b/m);
      expect(code).not.toMatch(/\brequire\(/);
    }
  });
});

describe('sms-consent shipped configuration', () => {
  it('declares targets, modules, the consent capability and every setting in shopify.extension.toml', async () => {
    const toml = await readFile(join(EXT_DIR, 'shopify.extension.toml'), 'utf8');
    expect(toml).toMatch(/^api_version = "2025-10"$/m);
    expect(toml).toMatch(/^type = "ui_extension"$/m);
    const targets = [...toml.matchAll(/^target = "([^"]+)"\nmodule = "([^"]+)"$/gm)].map((m) => [m[1], m[2]]);
    expect(targets).toEqual([
      [CHECKOUT_TARGET, './src/checkout.tsx'],
      [THANK_YOU_TARGET, './src/thank-you.tsx'],
    ]);
    for (const [, module] of targets) expect(existsSync(join(EXT_DIR, module ?? ''))).toBe(true);
    expect(toml).toMatch(/^\[extensions\.capabilities\.collect_buyer_consent\]\nsms_marketing = true$/m);
    const config = parseToml(toml) as {
      extensions: Array<{
        settings: { fields: Array<{ key: string }> };
        metafields: Array<{ namespace: string; key: string }>;
      }>;
    };
    const extension = config.extensions[0]!;
    expect(extension.settings.fields.map((f) => f.key).sort()).toEqual(Object.values(SETTING_KEYS).sort());
    // The metafield the app writes the merchant's disclosure to, and the only one the extension asks for.
    expect(extension.metafields).toEqual([DISCLOSURE_METAFIELD]);
    expect(DISCLOSURE_METAFIELD).toEqual({
      namespace: CHECKOUT_DISCLOSURE_METAFIELD.namespace,
      key: CHECKOUT_DISCLOSURE_METAFIELD.key,
    });
  });

  it('ships fr.json with exactly the keys and placeholders of en.default.json', async () => {
    const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    const en = await flatMessages('en.default.json');
    const fr = await flatMessages('fr.json');
    expect(Object.keys(en).length).toBeGreaterThan(10);
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en)) {
      expect(placeholders(fr[key] ?? '')).toEqual(placeholders(en[key] ?? ''));
      expect(fr[key]).not.toBe('');
    }
  });
});
