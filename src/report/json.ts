// The JSON report (schema/report.schema.json): the Report as it is, in a stable key order.
import type { Report } from '../types.js';

export function toJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
