// The webhook subscriptions declared in shopify.app.toml (the app subscribes through its configuration,
// pushed by `shopify app deploy`, not through the Admin API): read by `npm run webhook`, which posts to
// the uri a topic is subscribed at, and by the test that keeps them in step with the handler map.
// A development tool: smol-toml is a devDependency, so production code must not import this module.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { z } from 'zod';
import { repoRoot } from '../paths.js';

export const APP_TOML_PATH = join(repoRoot, 'shopify.app.toml');

const subscriptionSchema = z.object({
  topics: z.array(z.string().min(1)).optional(),
  compliance_topics: z.array(z.string().min(1)).optional(),
  uri: z.string().min(1),
  filter: z.string().optional(),
  include_fields: z.array(z.string()).optional(),
});

const appTomlSchema = z.looseObject({
  application_url: z.url(),
  webhooks: z.looseObject({
    api_version: z.string().regex(/^\d{4}-\d{2}$/),
    subscriptions: z.array(subscriptionSchema).default([]),
  }),
});

export interface WebhookSubscription {
  topics: string[];
  complianceTopics: string[];
  /** As written: a path relative to application_url, or an absolute https:// URL. */
  uri: string;
  /** The path the uri reaches on this app, from its root (see subscriptionPath). */
  path: string;
  /** The comment lines right above the block, without the leading "#" (e.g. "Handled by: ..."). */
  comment: string;
}

export interface WebhookConfig {
  applicationUrl: string;
  apiVersion: string;
  subscriptions: WebhookSubscription[];
}

export type WebhookConfigResult = { ok: true; config: WebhookConfig } | { ok: false; error: string };

const BLOCK_HEADER = /^\s*\[\[\s*webhooks\.subscriptions\s*\]\]\s*(#.*)?$/;

/** The comment lines directly above each [[webhooks.subscriptions]] header, in file order. */
function blockComments(text: string): string[] {
  const lines = text.split(/\r?\n/);
  const comments: string[] = [];
  lines.forEach((line, index) => {
    if (!BLOCK_HEADER.test(line)) return;
    const above: string[] = [];
    for (let i = index - 1; i >= 0 && /^\s*#/.test(lines[i]!); i--)
      above.unshift(lines[i]!.replace(/^\s*#\s?/, ''));
    comments.push(above.join('\n'));
  });
  return comments;
}

/**
 * The path a subscription uri reaches on the app, application_url being the app's root: a relative uri
 * as is (with a leading "/"), an absolute one under application_url without that prefix, any other
 * absolute one by its own path.
 */
export function subscriptionPath(uri: string, applicationUrl: string): string {
  if (!/^https:\/\//.test(uri)) return `/${uri.replace(/^\/+/, '')}`;
  const root = applicationUrl.replace(/\/+$/, '');
  if (uri.startsWith(`${root}/`)) return uri.slice(root.length);
  return new URL(uri).pathname;
}

/** Parses the text of shopify.app.toml. Malformed TOML or a wrong shape is a value, not an exception. */
export function parseWebhookConfig(text: string): WebhookConfigResult {
  let document: unknown;
  try {
    document = parse(text);
  } catch (err) {
    return {
      ok: false,
      error: `shopify.app.toml is not valid TOML: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
  const result = appTomlSchema.safeParse(document);
  if (!result.success) {
    const issues = result.error.issues.map(
      (i) => `${i.path.map(String).join('.') || '(file)'}: ${i.message}`,
    );
    return { ok: false, error: `shopify.app.toml: ${issues.join('; ')}` };
  }
  const { application_url: applicationUrl, webhooks } = result.data;
  const comments = blockComments(text);
  return {
    ok: true,
    config: {
      applicationUrl,
      apiVersion: webhooks.api_version,
      subscriptions: webhooks.subscriptions.map((s, i) => ({
        topics: s.topics ?? [],
        complianceTopics: s.compliance_topics ?? [],
        uri: s.uri,
        path: subscriptionPath(s.uri, applicationUrl),
        comment: comments[i] ?? '',
      })),
    },
  };
}

export async function loadWebhookConfig(path: string = APP_TOML_PATH): Promise<WebhookConfigResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    return { ok: false, error: `cannot read ${path}: ${err instanceof Error ? err.message : String(err)}` };
  }
  return parseWebhookConfig(text);
}

/** The subscription that delivers `topic` (regular or compliance), or null when it is not subscribed. */
export function subscriptionFor(config: WebhookConfig, topic: string): WebhookSubscription | null {
  return (
    config.subscriptions.find((s) => s.topics.includes(topic) || s.complianceTopics.includes(topic)) ?? null
  );
}
