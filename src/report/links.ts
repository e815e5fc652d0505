// Where the reports point readers for rule documentation. One place, so SARIF `helpUri`, the
// Markdown tables and the check run agree.
export const PROJECT_URL = 'https://github.com/modelgate/modelgate';

export function ruleDocUrl(ruleId: string): string {
  return `${PROJECT_URL}/blob/main/docs/rules/${encodeURIComponent(ruleId)}.md`;
}
