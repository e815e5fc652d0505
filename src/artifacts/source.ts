// Byte sources for local files and in-memory buffers. The remote (HTTP Range) source lives in
// src/hub/ because it goes through the hub client's retry and token rules.
import { open, type FileHandle } from 'node:fs/promises';
import type { ByteSource } from '../types.js';

export class MemoryByteSource implements ByteSource {
  private read_ = 0;
  constructor(
    readonly name: string,
    private readonly bytes: Uint8Array,
  ) {}
  async size(): Promise<number> {
    return this.bytes.length;
  }
  async read(offset: number, length: number): Promise<Uint8Array> {
    const start = Math.max(0, Math.min(offset, this.bytes.length));
    const chunk = this.bytes.subarray(start, Math.min(this.bytes.length, start + Math.max(0, length)));
    this.read_ += chunk.length;
    return chunk;
  }
  bytesRead(): number {
    return this.read_;
  }
}

export class LocalByteSource implements ByteSource {
  private handle: Promise<FileHandle> | null = null;
  private read_ = 0;
  private size_: number | null = null;
  constructor(
    readonly name: string,
    private readonly path: string,
  ) {}
  private file(): Promise<FileHandle> {
    this.handle ??= open(this.path, 'r');
    return this.handle;
  }
  async size(): Promise<number> {
    this.size_ ??= (await (await this.file()).stat()).size;
    return this.size_;
  }
  async read(offset: number, length: number): Promise<Uint8Array> {
    const size = await this.size();
    const n = Math.max(0, Math.min(length, size - offset));
    if (n === 0) return new Uint8Array(0);
    const buffer = new Uint8Array(n);
    const { bytesRead } = await (await this.file()).read(buffer, 0, n, offset);
    this.read_ += bytesRead;
    return bytesRead === n ? buffer : buffer.subarray(0, bytesRead);
  }
  bytesRead(): number {
    return this.read_;
  }
  async close(): Promise<void> {
    if (this.handle) await (await this.handle).close();
    this.handle = null;
  }
}
