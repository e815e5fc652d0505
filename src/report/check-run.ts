// The check run: a pass/fail status on the commit with every finding as an annotation on its
// line. The Checks API takes at most 50 annotations per request, so the run is created with the
// first 50 (most important first) and the rest are appended by updates, 50 at a time. A token
// that may not write checks (a pull request from a fork gets a read-only GITHUB_TOKEN) answers
// 403; that is reported back, not thrown, so the action can fall back to the job status.
import type { Report } from '../types.js';
import { annotatable, annotationLevel, findingText, findingTitle } from './annotations.js';
import { compareFindings, pointAt } from './findings.js';
import { describeApiError, isForbidden, type GitHubClient } from './github-client.js';
import { toMarkdown } from './markdown.js';

export const ANNOTATIONS_PER_REQUEST = 50;
/** Beyond this many, annotations stop helping a reviewer and cost one request per 50. */
export const MAX_CHECK_ANNOTATIONS = 1000;
/** GitHub's limit on output.summary and output.text, in characters; bytes are a safe bound. */
export const CHECK_OUTPUT_MAX = 65535;

export type CheckConclusion = 'success' | 'neutral' | 'failure';

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title: string;
}

export type CheckRunOutcome =
  | { status: 'created'; id: number; url: string; annotations: number; omitted: number; requests: number }
  | { status: 'forbidden'; message: string }
  | { status: 'failed'; message: string };

export interface CheckRunParams {
  owner: string;
  repo: string;
  headSha: string;
  name?: string;
  /** Link shown as "Details" (the workflow run). */
  detailsUrl?: string;
  blobUrl?: string;
}

export function conclusionOf(report: Report): CheckConclusion {
  if (report.verdict === 'fail') return 'failure';
  return report.findings.some((f) => annotatable(f) && f.severity !== 'info') ? 'neutral' : 'success';
}

export function checkTitle(report: Report): string {
  const blocking = report.findings.filter((f) => f.blocking).length;
  const models = `${report.models.length} model${report.models.length === 1 ? '' : 's'}`;
  if (blocking) return `${blocking} blocking finding${blocking === 1 ? '' : 's'} in ${models}`;
  const n = report.findings.filter(annotatable).length;
  return n ? `${n} finding${n === 1 ? '' : 's'} in ${models}, none blocking` : `${models} checked, no findings`;
}

const clip = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** Every finding that has a place in the repository, most important first. */
export function checkAnnotations(report: Report): CheckAnnotation[] {
  const out: CheckAnnotation[] = [];
  for (const f of [...report.findings].filter(annotatable).sort(compareFindings)) {
    const at = pointAt(report, f);
    if (!at) continue;
    const level = annotationLevel(f);
    out.push({
      path: at.file,
      start_line: at.line,
      end_line: at.line,
      // Columns are only accepted when the annotation spans one line.
      ...(at.column ? { start_column: at.column, end_column: at.column } : {}),
      annotation_level: level === 'error' ? 'failure' : level,
      message: clip(at.viaReference && f.model ? `${findingText(f)}\n(about ${f.model}, first referenced here)` : findingText(f), 60000),
      title: clip(findingTitle(f), 255),
    });
  }
  return out;
}

export async function publishCheckRun(octokit: GitHubClient, report: Report, params: CheckRunParams): Promise<CheckRunOutcome> {
  const all = checkAnnotations(report);
  const annotations = all.slice(0, MAX_CHECK_ANNOTATIONS);
  const title = checkTitle(report);
  const summary = toMarkdown(report, { maxBytes: CHECK_OUTPUT_MAX - 1000, blobUrl: params.blobUrl, headingLevel: 3 });
  const batches: CheckAnnotation[][] = [];
  for (let i = 0; i < annotations.length; i += ANNOTATIONS_PER_REQUEST) batches.push(annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));
  let requests = 0;
  try {
    const created = await octokit.rest.checks.create({
      owner: params.owner,
      repo: params.repo,
      name: params.name ?? 'modelgate',
      head_sha: params.headSha,
      ...(params.detailsUrl ? { details_url: params.detailsUrl } : {}),
      status: 'completed',
      conclusion: conclusionOf(report),
      completed_at: new Date().toISOString(),
      output: { title, summary, annotations: batches[0] ?? [] },
    });
    requests++;
    const id = created.data.id;
    for (const batch of batches.slice(1)) {
      await octokit.rest.checks.update({
        owner: params.owner,
        repo: params.repo,
        check_run_id: id,
        output: { title, summary, annotations: batch },
      });
      requests++;
    }
    return { status: 'created', id, url: created.data.html_url ?? '', annotations: annotations.length, omitted: all.length - annotations.length, requests };
  } catch (error) {
    if (isForbidden(error)) return { status: 'forbidden', message: describeApiError(error) };
    return { status: 'failed', message: describeApiError(error) };
  }
}
