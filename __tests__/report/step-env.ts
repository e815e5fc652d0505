// A GitHub Actions step environment in a temp dir for the action tests: INPUT_* variables, the
// event payload file, GITHUB_STEP_SUMMARY and GITHUB_OUTPUT files, and stdout captured (the
// workflow commands the runner would read).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface StepEnv {
  dir: string;
  stdout: string[];
  summary(): string;
  outputs(): Record<string, string>;
  restore(): void;
}

const KEEP = new Set(Object.keys(process.env));

export function stepEnv(opts: { event: string; payload: unknown; inputs: Record<string, string>; apiUrl: string; sha?: string }): StepEnv {
  const dir = mkdtempSync(join(tmpdir(), 'modelgate-action-'));
  const eventPath = join(dir, 'event.json');
  writeFileSync(eventPath, JSON.stringify(opts.payload));
  const summaryPath = join(dir, 'step_summary.md');
  const outputPath = join(dir, 'output.txt');
  writeFileSync(summaryPath, '');
  writeFileSync(outputPath, '');
  const env: Record<string, string> = {
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: opts.event,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_OUTPUT: outputPath,
    GITHUB_REPOSITORY: 'acme/ml-app',
    GITHUB_SHA: opts.sha ?? 'f'.repeat(40),
    GITHUB_API_URL: opts.apiUrl,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_WORKSPACE: dir,
    GITHUB_RUN_ID: '4242',
    RUNNER_TEMP: join(dir, 'runner-temp'),
  };
  for (const [k, v] of Object.entries(opts.inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  Object.assign(process.env, env);

  const stdout: string[] = [];
  const original = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as typeof process.stdout.write;

  return {
    dir,
    stdout,
    summary: () => readFileSync(summaryPath, 'utf8'),
    outputs: () => {
      // name<<DELIM \n value \n DELIM
      const out: Record<string, string> = {};
      const text = readFileSync(outputPath, 'utf8');
      const re = /^(.+?)<<(ghadelimiter_[\w-]+)\n([\s\S]*?)\n\2$/gm;
      for (const m of text.matchAll(re)) out[m[1]] = m[3];
      return out;
    },
    restore: () => {
      process.stdout.write = original;
      for (const k of Object.keys(process.env)) if (!KEEP.has(k)) delete process.env[k];
      process.exitCode = 0;
    },
  };
}
