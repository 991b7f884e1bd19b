// Runs every case of test/fixtures/compatibility/json-schema.json through canRead(reader, writer).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { jsonSchemaFormat } from './index.ts';

interface Case {
  readonly description: string;
  readonly reader: unknown;
  readonly writer: unknown;
  readonly compatible: boolean;
}

const fixture = new URL('../../../test/fixtures/compatibility/json-schema.json', import.meta.url);
const cases = JSON.parse(readFileSync(fixture, 'utf8')) as Case[];

describe('JSON Schema compatibility fixture', () => {
  it('has at least 60 cases, both compatible and incompatible', () => {
    assert.ok(cases.length >= 60, `only ${cases.length} cases`);
    assert.ok(cases.filter((c) => c.compatible).length >= 20);
    assert.ok(cases.filter((c) => !c.compatible).length >= 20);
  });

  for (const c of cases) {
    it(c.description, () => {
      const reader = jsonSchemaFormat.parse(JSON.stringify(c.reader), []);
      const writer = jsonSchemaFormat.parse(JSON.stringify(c.writer), []);
      const found = jsonSchemaFormat.canRead(reader, writer);
      const summary = found.map((f) => `${f.kind} at ${f.location}`).join('; ');
      assert.equal(found.length === 0, c.compatible, c.compatible ? `unexpected: ${summary}` : 'expected an incompatibility');
      for (const f of found) {
        assert.match(f.kind, /^[A-Z_]+$/);
        assert.match(f.location, /^#\//);
        assert.ok(f.message.includes(f.location), f.message);
      }
    });
  }
});
