// Types for the part of jsfive (pure-JS HDF5 reader, ships no declarations) that the Keras
// scanner uses.
declare module 'jsfive' {
  export class File {
    constructor(buffer: ArrayBuffer, filename?: string);
    readonly attrs: Record<string, unknown>;
    readonly keys: string[];
    get(path: string): unknown;
  }
}
