import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePollTimeout } from './poll-timeout.ts';

test('poll timeouts are ISO 8601 durations of at least a second', () => {
  assert.equal(parsePollTimeout('PT1M'), 60_000);
  assert.equal(parsePollTimeout('PT1.5S'), 1500);
  assert.equal(parsePollTimeout('P1DT2H'), 26 * 3_600_000);
  assert.equal(parsePollTimeout('pt10s'), 10_000);
  for (const bad of ['PT0.5S', '10', 'P', 'PT', '1M', 'P400D', 'PTS']) assert.throws(() => parsePollTimeout(bad), /poll-timeout/, bad);
});
