// Exit status contract: 0 pass, 1 policy failure, 2 usage or configuration error (raised
// elsewhere), 3 the check failed only because an assessment the policy requires could not be
// completed (fail closed).
import { getRule, hasRule } from '../rules.js';
import type { Report } from '../types.js';

export function exitCodeOf(report: Pick<Report, 'verdict' | 'findings'>): 0 | 1 | 3 {
  if (report.verdict === 'pass') return 0;
  const blocking = report.findings.filter((f) => f.blocking);
  const onlyIncomplete = blocking.length > 0 && blocking.every((f) => hasRule(f.rule) && getRule(f.rule).incomplete === true);
  return onlyIncomplete ? 3 : 1;
}
