// Which hub to talk to: the --hub-url flag / action input, then the policy file, then
// HF_ENDPOINT (what the Python and JS hub libraries honour), then the public hub.
export const DEFAULT_HUB_ENDPOINT = 'https://huggingface.co';

export function resolveHubEndpoint(flag?: string | null, policyUrl?: string | null, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = [flag, policyUrl, env.HF_ENDPOINT].find((v) => typeof v === 'string' && v.trim() !== '');
  return normaliseEndpoint(chosen ?? DEFAULT_HUB_ENDPOINT);
}

/** Validates the URL and drops trailing slashes, so paths can be appended with `/`. */
export function normaliseEndpoint(value: string): string {
  const url = new URL(value.trim());
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`hub endpoint must be http(s): ${value}`);
  return url.href.replace(/\/+$/, '');
}
