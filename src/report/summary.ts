// The job summary (GITHUB_STEP_SUMMARY): the Markdown report, bounded below GitHub's limit of
// 1 MiB per step, which otherwise drops the whole summary with "upload aborted".
import type { Report } from '../types.js';
import { toMarkdown } from './markdown.js';

export const STEP_SUMMARY_LIMIT = 1024 * 1024;
/** Kept free below the limit for anything else the step writes to the same file. */
const MARGIN = 16 * 1024;

export interface SummaryOptions {
  blobUrl?: string;
  /** Trusted lines shown under the headline: check run fallback, annotation overflow, ... */
  notes?: string[];
  maxBytes?: number;
}

export function jobSummary(report: Report, options: SummaryOptions = {}): string {
  return toMarkdown(report, {
    maxBytes: Math.min(options.maxBytes ?? STEP_SUMMARY_LIMIT - MARGIN, STEP_SUMMARY_LIMIT - MARGIN),
    blobUrl: options.blobUrl,
    notes: options.notes,
  });
}
