import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildConfig, ConfigError } from './config.ts';

describe('config', () => {
  it('has Karapace defaults', () => {
    const config = buildConfig();
    assert.equal(config.port, 8081);
    assert.equal(config.topic_name, '_schemas');
    assert.equal(config.group_id, 'schema-registry');
    assert.equal(config.compatibility, 'BACKWARD');
    assert.equal(config.advertised_port, 8081);
    assert.equal(config.karapace_registry, true);
  });

  it('takes the file, then KARAPACE_<KEY> environment variables over it', () => {
    const config = buildConfig({ port: 9000, bootstrap_uri: 'a:1', compatibility: 'full' }, {
      KARAPACE_BOOTSTRAP_URI: 'b:2', KARAPACE_REPLICATION_FACTOR: '3', KARAPACE_MASTER_ELIGIBILITY: 'false',
    });
    assert.equal(config.port, 9000);
    assert.equal(config.bootstrap_uri, 'b:2');
    assert.equal(config.replication_factor, 3);
    assert.equal(config.master_eligibility, false);
    assert.equal(config.compatibility, 'FULL');
  });

  it('reads karapace_* keys with a single or a doubled prefix', () => {
    assert.equal(buildConfig({}, { KARAPACE_REST: 'false' }).karapace_rest, false);
    assert.equal(buildConfig({}, { KARAPACE_KARAPACE_REST: 'false' }).karapace_rest, false);
  });

  it('stops on unknown keys, wrong types and impossible values, naming the key', () => {
    assert.throws(() => buildConfig({ prot: 1 }), (e: Error) => e instanceof ConfigError && /unknown key "prot"/.test(e.message));
    assert.throws(() => buildConfig({ port: '8081' }), /"port" must be an integer/);
    assert.throws(() => buildConfig({ port: 70000 }), /"port" must be between/);
    assert.throws(() => buildConfig({ compatibility: 'SOMETIMES' }), /"compatibility" must be one of/);
    assert.throws(() => buildConfig({}, { KARAPACE_PORT: 'eighty' }), /KARAPACE_PORT: "port" must be an integer/);
    assert.throws(() => buildConfig({ karapace_rest: false, karapace_registry: false }), /at least one/);
  });
});
