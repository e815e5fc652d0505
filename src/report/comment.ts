// One pull-request comment per PR, kept up to date: it starts with a hidden marker, so a later
// run finds it among the PR's comments and edits it instead of adding another one.
import { escapeHtml } from './escape.js';
import { describeApiError, isForbidden, type GitHubClient } from './github-client.js';

export const COMMENT_MARKER = '<!-- modelgate:pr-comment -->';

/**
 * The marker for one scan: the plain marker for the whole repository, one naming the scanned
 * folder otherwise, so two modelgate steps on different folders keep a comment each.
 */
export function commentMarker(scope?: string | null): string {
  return scope ? `<!-- modelgate:pr-comment:${escapeHtml(scope, 200)} -->` : COMMENT_MARKER;
}
/** GitHub rejects comment bodies over 65,536 characters. */
export const COMMENT_MAX = 65536;

export type CommentOutcome =
  | { status: 'created' | 'updated'; id: number; url: string }
  | { status: 'skipped'; reason: string }
  | { status: 'forbidden' | 'failed'; message: string };

export interface CommentParams {
  owner: string;
  repo: string;
  issueNumber: number;
  /** The report, already escaped and bounded (toMarkdown with maxBytes). */
  body: string;
  /** Create a comment when none exists yet. An existing one is always brought up to date. */
  create: boolean;
  /** The scanned folder when it is not the whole repository (see commentMarker). */
  scope?: string | null;
}

/** Our comment starts with the marker; a comment that merely quotes it (`> <!-- ...`) is not ours. */
export function isOurComment(body: string | null | undefined, marker = COMMENT_MARKER): boolean {
  return typeof body === 'string' && (body === marker || body.startsWith(`${marker}\n`));
}

export async function upsertPullRequestComment(octokit: GitHubClient, params: CommentParams): Promise<CommentOutcome> {
  const marker = commentMarker(params.scope);
  const body = `${marker}\n${params.body}`.slice(0, COMMENT_MAX);
  try {
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
      owner: params.owner,
      repo: params.repo,
      issue_number: params.issueNumber,
      per_page: 100,
    });
    const existing = comments.find((c) => isOurComment(c.body, marker));
    if (existing) {
      const updated = await octokit.rest.issues.updateComment({ owner: params.owner, repo: params.repo, comment_id: existing.id, body });
      return { status: 'updated', id: updated.data.id, url: updated.data.html_url };
    }
    if (!params.create) return { status: 'skipped', reason: 'no earlier comment and nothing that needs one' };
    const created = await octokit.rest.issues.createComment({ owner: params.owner, repo: params.repo, issue_number: params.issueNumber, body });
    return { status: 'created', id: created.data.id, url: created.data.html_url };
  } catch (error) {
    return { status: isForbidden(error) ? 'forbidden' : 'failed', message: describeApiError(error) };
  }
}
