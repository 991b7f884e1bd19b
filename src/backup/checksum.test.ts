import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RunningChecksum } from './checksum.ts';

test('the running checksum is XXH64 seed 0, big-endian, and keeps running after a digest', async () => {
  const sum = await RunningChecksum.create();
  // Reference values of XXH64 (xxhsum -H1): "" and "abc".
  assert.equal(sum.digest().toString('hex'), 'ef46db3751d8e999');
  sum.update(Buffer.from('ab'));
  sum.digest();
  sum.update(Buffer.from('c'));
  assert.equal(sum.digest().toString('hex'), '44bc2cf5ad770999');
  sum.reset();
  assert.equal(sum.digest().toString('hex'), 'ef46db3751d8e999');
});
