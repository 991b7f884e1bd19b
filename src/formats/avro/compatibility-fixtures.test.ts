// Runs every case of the shared Avro compatibility table through avroFormat.canRead.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { avroFormat } from './index.ts';

interface Case {
  readonly description: string;
  readonly reader: unknown;
  readonly writer: unknown;
  readonly compatible: boolean;
}

const cases = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/compatibility/avro.json', import.meta.url), 'utf8'),
) as Case[];

test('the table has at least 60 cases, both outcomes', () => {
  assert.ok(cases.length >= 60, `only ${cases.length} cases`);
  assert.ok(cases.some((c) => c.compatible) && cases.some((c) => !c.compatible));
});

for (const c of cases) {
  test(`fixture: ${c.description}`, () => {
    const reader = avroFormat.parse(JSON.stringify(c.reader), []);
    const writer = avroFormat.parse(JSON.stringify(c.writer), []);
    const found = avroFormat.canRead(reader, writer);
    if (c.compatible) {
      assert.deepEqual(found, [], 'expected compatible');
    } else {
      assert.ok(found.length > 0, 'expected at least one incompatibility');
    }
  });
}
