import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { AtomicFile, removePendingTemporaries, StagingDirectory } from './atomic-file.ts';

const dir = () => mkdtempSync(join(tmpdir(), 'atomic-'));

test('a file appears only on commit; abort and interruption leave nothing behind', () => {
  const d = dir();
  const file = new AtomicFile(join(d, 'b.bak'), { overwrite: false });
  file.write('/V2\n');
  file.write(Buffer.alloc(3 << 20, 0x41));
  assert.deepEqual(readdirSync(d).filter((n) => n === 'b.bak'), [], 'not visible before commit');
  file.commit();
  assert.deepEqual(readdirSync(d), ['b.bak']);
  assert.equal(readFileSync(join(d, 'b.bak')).length, 4 + (3 << 20));
  const aborted = new AtomicFile(join(d, 'c.bak'), { overwrite: false });
  aborted.write('partial');
  aborted.abort();
  const interrupted = new AtomicFile(join(d, 'e.bak'), { overwrite: false });
  interrupted.write('partial');
  removePendingTemporaries();
  assert.deepEqual(readdirSync(d), ['b.bak']);
});

test('an existing file is replaced only with overwrite, a directory never', () => {
  const d = dir();
  writeFileSync(join(d, 'b.bak'), 'old');
  assert.throws(() => new AtomicFile(join(d, 'b.bak'), { overwrite: false }), /already exists; pass --overwrite/);
  const file = new AtomicFile(join(d, 'b.bak'), { overwrite: true });
  file.write('new');
  file.commit();
  assert.equal(readFileSync(join(d, 'b.bak'), 'utf8'), 'new');
  mkdirSync(join(d, 'sub'));
  assert.throws(() => new AtomicFile(join(d, 'sub'), { overwrite: true }), /is a directory/);
  // The target appearing while the backup is written is caught at commit.
  const racing = new AtomicFile(join(d, 'race.bak'), { overwrite: false });
  writeFileSync(join(d, 'race.bak'), 'someone else');
  assert.throws(() => racing.commit(), /already exists/);
  racing.abort();
  assert.equal(readFileSync(join(d, 'race.bak'), 'utf8'), 'someone else');
});

test('a v3 staging directory replaces only a directory that holds a v3 backup', () => {
  const d = dir();
  const target = join(d, 'v3');
  const first = new StagingDirectory(target, { overwrite: false });
  const meta = first.file('t.metadata');
  meta.write('one');
  meta.commit();
  first.commit();
  assert.deepEqual(readdirSync(d), ['v3']);
  assert.throws(() => new StagingDirectory(target, { overwrite: false }), /already exists/);
  const second = new StagingDirectory(target, { overwrite: true });
  const data = second.file('t:0.data');
  data.write('two');
  data.commit();
  second.commit();
  assert.deepEqual(readdirSync(target), ['t:0.data']);
  assert.deepEqual(readdirSync(d), ['v3']);
  writeFileSync(join(target, 'notes.txt'), 'mine');
  assert.throws(() => new StagingDirectory(target, { overwrite: true }), /not part of a v3 backup/);
  const aborted = new StagingDirectory(join(d, 'other'), { overwrite: false });
  aborted.abort();
  assert.deepEqual(readdirSync(d), ['v3']);
});
