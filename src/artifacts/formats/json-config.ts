// JSON configs of a model repository. tokenizer_config.json carries `chat_template`: either a
// string or a list of {name, template} (named templates such as tool_use and rag); both go
// through the chat template check. An unreadable config is a finding.
import type { ArtifactScanContext, ByteSource, FindingDraft, FormatScanResult } from '../../types.js';
import { BudgetExceeded, ReadBudget, errorText } from './budget.js';
import { checkChatTemplate } from './chat-template.js';

/** Configs above this size are not read (tokenizer configs with a large added-token table are
 * a few MB). */
const MAX_CONFIG_BYTES = 32 * 1024 * 1024;

export async function scanJsonConfig(source: ByteSource, ctx: ArtifactScanContext): Promise<FormatScanResult> {
  const findings: FindingDraft[] = [];
  const invalid = (message: string, evidence: Record<string, unknown> = {}): FormatScanResult => {
    findings.push({ rule: 'MG566', artifact: ctx.path, message: `${ctx.path}: ${message}`, evidence });
    return { format: 'json', findings };
  };
  let text: string;
  try {
    const size = await source.size();
    const cap = Math.min(MAX_CONFIG_BYTES, ctx.limits.maxBytesPerFile);
    if (size > cap) return invalid(`the ${size}-byte config is larger than the ${cap}-byte limit and was not checked`, { size, limit: cap });
    const bytes = await new ReadBudget(source, ctx).read(0, size);
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    if (error instanceof BudgetExceeded) return invalid(`could not fully scan: ${error.message}`, { budget: error.budget });
    return invalid(`the config could not be read as UTF-8 text (${errorText(error)})`);
  }
  let config: unknown;
  try {
    config = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return invalid(`the config is not valid JSON (${errorText(error)}); what it configures could not be checked`, { error: errorText(error) });
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    return invalid('the config is not a JSON object');
  }
  findings.push(...checkConfigTemplates(config as Record<string, unknown>, ctx.path));
  return { format: 'json', findings };
}

/** The template check for every chat template a config object carries. */
export function checkConfigTemplates(config: Record<string, unknown>, path: string): FindingDraft[] {
  const findings: FindingDraft[] = [];
  const value = config.chat_template;
  if (value === undefined || value === null) return findings;
  if (typeof value === 'string') {
    findings.push(...checkChatTemplate(value, { path, key: 'chat_template' }));
  } else if (Array.isArray(value)) {
    value.forEach((entry, index) => {
      const named = entry as { name?: unknown; template?: unknown } | null;
      if (named && typeof named === 'object' && typeof named.template === 'string') {
        const name = typeof named.name === 'string' ? named.name : String(index);
        findings.push(...checkChatTemplate(named.template, { path, key: `chat_template[${name}]` }));
      } else {
        findings.push({ rule: 'MG566', artifact: path, message: `${path}: chat_template entry ${index} is not a {name, template} object.`, evidence: { index } });
      }
    });
  } else {
    findings.push({ rule: 'MG566', artifact: path, message: `${path}: chat_template is neither a string nor a list of named templates.`, evidence: { type: typeof value } });
  }
  return findings;
}

/** Standalone template files are read up to this many bytes (the check parses 1 M chars). */
const MAX_TEMPLATE_FILE_BYTES = 4 * 1024 * 1024;

/**
 * A chat template stored as its own file: `chat_template.jinja` and
 * `additional_chat_templates/<name>.jinja`, which transformers writes next to (or instead of)
 * the `chat_template` key of tokenizer_config.json.
 */
export async function scanChatTemplateFile(source: ByteSource, ctx: ArtifactScanContext): Promise<FormatScanResult> {
  const findings: FindingDraft[] = [];
  const name = ctx.path.split('/').pop() ?? ctx.path;
  const key = /^additional_chat_templates\//.test(ctx.path) || ctx.path.includes('/additional_chat_templates/') ? `chat_template[${name.replace(/\.jinja$/, '')}]` : 'chat_template';
  let text: string;
  try {
    const size = await source.size();
    const cap = Math.min(MAX_TEMPLATE_FILE_BYTES, ctx.limits.maxBytesPerFile);
    if (size > cap) {
      findings.push({ rule: 'MG565', artifact: ctx.path, message: `${ctx.path}: the ${size}-byte chat template is larger than the ${cap}-byte limit and was not checked.`, evidence: { size, limit: cap } });
      return { format: 'text', findings };
    }
    text = new TextDecoder('utf-8', { fatal: true }).decode(await new ReadBudget(source, ctx).read(0, size));
  } catch (error) {
    findings.push({ rule: 'MG565', artifact: ctx.path, message: `${ctx.path}: the chat template could not be read as UTF-8 text (${errorText(error)}).`, evidence: {} });
    return { format: 'text', findings };
  }
  findings.push(...checkChatTemplate(text, { path: ctx.path, key }));
  return { format: 'text', findings };
}
