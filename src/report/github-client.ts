// The Octokit client type the GitHub reports take: what @actions/github's getOctokit returns.
import type { GitHub } from '@actions/github/lib/utils';

export type GitHubClient = InstanceType<typeof GitHub>;

/** A 403 from the API: the token may not do this (a fork PR's read-only token, missing permissions). */
export function isForbidden(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { status?: number }).status === 403;
}

/** An API error as one line, without request details (headers carry the token). */
export function describeApiError(error: unknown): string {
  const e = error as { status?: number; message?: string };
  const message = (e?.message ?? String(error)).split('\n')[0];
  return e?.status ? `HTTP ${e.status}: ${message}` : message;
}
