import { describe, expect, it } from '@jest/globals';
import { envRevision, tokenizeShell, Variables } from '../../src/extract/shell.js';

const words = (text: string) => tokenizeShell(text).map((c) => c.map((w) => w.text));

describe('tokenizeShell', () => {
  it('splits commands on separators and keeps quoted words whole', () => {
    expect(words(`a "b c" 'd e' && f | g; h`)).toEqual([['a', 'b c', 'd e'], ['f'], ['g'], ['h']]);
  });

  it('joins line continuations and drops comments', () => {
    expect(words('vllm serve \\\n  org/name # the model\n# a comment line\nnext')).toEqual([['vllm', 'serve', 'org/name'], ['next']]);
  });

  it('keeps expansions inside one word', () => {
    expect(words('x ${A:-org/name} $(cat f) `date` $B')).toEqual([['x', '${A:-org/name}', '$(cat f)', '`date`', '$B']]);
  });

  it('places a quoted word at its first character inside the quote', () => {
    const [cmd] = tokenizeShell('hf download "org/name"', 100);
    expect(cmd[2]).toMatchObject({ text: 'org/name', offset: 100 + 13 });
  });

  it('skips Python heredoc bodies but reads other heredocs', () => {
    expect(words("python - <<'PY'\nMODEL=a/b\nPY\nvllm serve c/d\n")).toEqual([['python', '-'], ['vllm', 'serve', 'c/d']]);
    expect(words('bash <<EOF\nvllm serve e/f\nEOF\n')).toEqual([['bash'], ['vllm', 'serve', 'e/f'], ['EOF']]);
  });
});

describe('Variables', () => {
  it('expands known names, defaults and Make references, and leaves unknown ones', () => {
    const v = new Variables();
    v.set('MODEL', 'org/name');
    expect(v.expand('$MODEL').value).toBe('org/name');
    expect(v.expand('${MODEL}').value).toBe('org/name');
    expect(v.expand('$(MODEL)').value).toBe('org/name');
    expect(v.expand('$$MODEL').value).toBe('org/name');
    expect(v.expand('${OTHER:-x/y}')).toEqual({ value: 'x/y', names: [], usedDefault: true });
    expect(v.expand('$UNKNOWN').value).toBe('$UNKNOWN');
  });

  it('treats a name assigned two different values as unknown', () => {
    const v = new Variables();
    v.set('M', 'a/b');
    v.set('M', 'c/d');
    expect(v.expand('$M').value).toBe('$M');
  });

  it('keeps a value re-exported through itself (ARG then ENV X=${X})', () => {
    const v = new Variables();
    v.set('MODEL_ID', 'org/name');
    v.set('MODEL_ID', '${MODEL_ID}');
    expect(v.get('MODEL_ID')).toBe('org/name');
  });

  it('finds the revision variable that goes with a model variable', () => {
    const v = new Variables();
    v.set('HF_MODEL_REVISION', 'abc');
    v.set('REVISION', 'v2');
    expect(envRevision(v, 'HF_MODEL_ID')).toBe('abc');
    expect(envRevision(v, 'EMBEDDING_MODEL')).toBeNull();
    const tgi = new Variables();
    tgi.set('REVISION', 'v2');
    expect(envRevision(tgi, 'MODEL_ID')).toBe('v2');
  });
});

describe('word offsets', () => {
  it('maps every character of a quoted or escaped word back to the file', async () => {
    const { wordOffset, subWord } = await import('../../src/extract/shell.js');
    const text = 'X="org/name" --model=\'a/b\' "q\\"r"';
    const [cmd] = tokenizeShell(text);
    expect(cmd.map((w) => w.text)).toEqual(['X=org/name', '--model=a/b', 'q"r']);
    expect(text[wordOffset(cmd[0], 2)]).toBe('o');
    expect(text[subWord(cmd[1], 8).offset]).toBe('a');
    expect(text[wordOffset(cmd[2], 1)]).toBe('"');
    expect(text[wordOffset(cmd[2], 2)]).toBe('r');
  });
});
