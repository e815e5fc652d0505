// The action entry with the real pipeline (no mocks): a pull request on a git repository built
// here, scanned offline, reported to the local GitHub API server. What the change introduces
// blocks; what was there before does not.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runAction } from '../src/main.js';
import { startGitHubServer, type GitHubServer } from '../testing/github-server/server.js';
import { stepEnv, type StepEnv } from './report/step-env.js';

let server: GitHubServer;
let step: StepEnv | null = null;

beforeEach(async () => {
  server = await startGitHubServer();
});
afterEach(async () => {
  step?.restore();
  step = null;
  await server.close();
  expect(server.rejections).toEqual([]);
  expect(server.unhandled).toEqual([]);
  expect(server.responseProblems).toEqual([]);
});

function write(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

function commit(root: string, message: string): string {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root }).toString().trim();
  git('add', '-A');
  git('-c', 'user.email=t@example.com', '-c', 'user.name=test', 'commit', '-q', '-m', message);
  return git('rev-parse', 'HEAD');
}

describe('the action entry with the real pipeline', () => {
  it('gates a pull request on what it introduces', async () => {
    step = stepEnv({ event: 'pull_request', payload: {}, apiUrl: server.url, inputs: { 'github-token': 'ghs_e2e', offline: 'true', comment: 'always' } });
    const root = step.dir;
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: root });
    write(root, {
      'app/old.py': 'from transformers import AutoModel\nm = AutoModel.from_pretrained("acme/legacy", trust_remote_code=True)\n',
    });
    const base = commit(root, 'base');
    write(root, {
      'app/new.py': 'from transformers import AutoModel\n\nmodel = AutoModel.from_pretrained("evil-org/phi-2", trust_remote_code=True)\n',
    });
    const head = commit(root, 'head');
    writeFileSync(
      process.env.GITHUB_EVENT_PATH!,
      JSON.stringify({ number: 3, pull_request: { number: 3, base: { sha: base, repo: { full_name: 'acme/ml-app' } }, head: { sha: head, repo: { full_name: 'acme/ml-app' } } } }),
    );

    const result = await runAction();

    const report = result.report!;
    expect(report.mode).toBe('diff');
    const introduced = report.findings.find((f) => f.rule === 'MG501' && f.model === 'evil-org/phi-2');
    const existing = report.findings.find((f) => f.rule === 'MG501' && f.model === 'acme/legacy');
    expect(introduced).toMatchObject({ file: 'app/new.py', line: 3, introduced: true, blocking: true });
    expect(existing).toMatchObject({ introduced: false, blocking: false });
    expect(step.outputs().verdict).toBe('fail');
    expect(process.exitCode).toBe(1);

    const run = server.checkRuns[0];
    expect(run.body).toMatchObject({ head_sha: head, conclusion: 'failure' });
    expect(run.annotations[0]).toMatchObject({ path: 'app/new.py', start_line: 3, annotation_level: 'failure' });
    expect(server.comments[0].body).toContain('`evil-org/phi-2`');
    expect(step.summary()).toContain('❌ modelgate: failed');
    const sarif = JSON.parse(readFileSync(step.outputs()['sarif-file'], 'utf8'));
    expect(sarif.runs[0].results.some((r: any) => r.ruleId === 'MG501' && r.locations[0].physicalLocation.artifactLocation.uri === 'app/new.py')).toBe(true);
  });
});
