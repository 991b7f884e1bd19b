// The running checksum of v3 data files. Karapace names the algorithm `xxhash3_64_be`, but its implementation is
// Python's `xxhash.xxh64()`: XXH64 (not XXH3) with seed 0, digested as the 8-byte big-endian canonical form. A
// checkpoint is the digest of every byte before it, and the hash keeps running afterwards, so a digest is taken
// from a saved copy of the state.
import { createXXHash64, type IHasher } from 'hash-wasm';

export const CHECKSUM_ALGORITHM = 'xxhash3_64_be';

export class RunningChecksum {
  private readonly hasher: IHasher;

  private constructor(hasher: IHasher) {
    this.hasher = hasher;
  }

  static async create(): Promise<RunningChecksum> {
    const hasher = await createXXHash64(0, 0);
    hasher.init();
    return new RunningChecksum(hasher);
  }

  update(bytes: Uint8Array): void {
    this.hasher.update(bytes);
  }

  /** The digest of everything so far; the checksum keeps running. */
  digest(): Buffer {
    const state = this.hasher.save();
    const digest = Buffer.from(this.hasher.digest('binary'));
    this.hasher.load(state);
    return digest;
  }

  reset(): void {
    this.hasher.init();
  }
}
