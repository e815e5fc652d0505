// The persistent hub cache: facts about (model, commit) pairs, author overviews and small
// files at a commit, saved as one JSON file (the action restores/saves it with @actions/cache).
// Entries keyed by a commit never change on the hub except for counters and scanner verdicts,
// so they are trusted for `ttlMs`; refs (branch names) are never cached.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AuthorFacts, ModelFacts } from '../types.js';

interface Entry<T> {
  at: number; // epoch ms when fetched
  value: T;
}

interface CacheFile {
  version: 1;
  endpoint: string;
  facts: Record<string, Entry<ModelFacts>>;
  authors: Record<string, Entry<AuthorFacts>>;
  texts: Record<string, Entry<string | null>>;
}

export class HubCache {
  private data: CacheFile;
  private dirty = false;

  private constructor(
    private readonly file: string | null,
    endpoint: string,
    private readonly ttlMs: number,
    loaded: CacheFile | null,
  ) {
    this.data = loaded && loaded.version === 1 && loaded.endpoint === endpoint ? loaded : { version: 1, endpoint, facts: {}, authors: {}, texts: {} };
  }

  /** Loads the file when it exists; a missing or corrupt file starts an empty cache. */
  static async open(file: string | null | undefined, endpoint: string, ttlMs: number): Promise<HubCache> {
    let loaded: CacheFile | null = null;
    if (file) {
      try {
        loaded = JSON.parse(await readFile(file, 'utf8')) as CacheFile;
      } catch {
        loaded = null;
      }
    }
    return new HubCache(file ?? null, endpoint, ttlMs, loaded);
  }

  private fresh<T>(e: Entry<T> | undefined): T | undefined {
    return e && Date.now() - e.at < this.ttlMs ? e.value : undefined;
  }

  getFacts(id: string, sha: string): ModelFacts | undefined {
    return this.fresh(this.data.facts[`${id}@${sha}`]);
  }
  setFacts(id: string, sha: string, facts: ModelFacts): void {
    this.data.facts[`${id}@${sha}`] = { at: Date.now(), value: facts };
    this.dirty = true;
  }
  getAuthor(name: string): AuthorFacts | undefined {
    return this.fresh(this.data.authors[name.toLowerCase()]);
  }
  setAuthor(name: string, facts: AuthorFacts): void {
    this.data.authors[name.toLowerCase()] = { at: Date.now(), value: facts };
    this.dirty = true;
  }
  getText(key: string): string | null | undefined {
    const e = this.data.texts[key];
    return e && Date.now() - e.at < this.ttlMs ? e.value : undefined;
  }
  setText(key: string, text: string | null): void {
    this.data.texts[key] = { at: Date.now(), value: text };
    this.dirty = true;
  }

  async save(): Promise<void> {
    if (!this.file || !this.dirty) return;
    await mkdir(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(this.data));
    await rename(tmp, this.file);
    this.dirty = false;
  }
}
