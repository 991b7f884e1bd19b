// Karapace's JSON Schema and Avro registry tests (tests/integration/test_jsonschema.py, schema_registry/
// test_jsonschema_references.py, test_json_references.py, test_schema_avro_references.py,
// test_schema_compatibility.py), replayed over real HTTP and Kafka with Confluent's answers where the two differ:
// - compatibility verdicts follow Confluent's json/diff/SchemaDiff (the case table says where Karapace differs);
// - POST /compatibility answers `messages` only with verbose=true (Karapace always sends them);
// - a check against one version (`latest`) looks at that version only, even under a TRANSITIVE level;
// - a check against `latest` of a subject with no versions is compatible (Karapace answers 404);
// - stored Avro text keeps Confluent's canonical key order (Karapace sorts the keys).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { client, startServer, type ServerProcess } from '../harness.ts';

interface Case {
  readonly group: string;
  readonly reader: string;
  readonly writer: string;
  readonly compatible: boolean;
  /** Karapace's verdict, where it differs from Confluent's. */
  readonly karapace?: boolean;
}
const table = JSON.parse(
  readFileSync(new URL('../fixtures/compatibility/karapace-json/backward.json', import.meta.url), 'utf8'),
) as { schemas: Record<string, unknown>; cases: Case[] };
const schema = (name: string): unknown => {
  assert.ok(name in table.schemas, `no schema ${name}`);
  return table.schemas[name];
};

const json = (value: unknown, extra: Record<string, unknown> = {}) => ({ schemaType: 'JSON', schema: JSON.stringify(value), ...extra });
const avro = (value: unknown, extra: Record<string, unknown> = {}) => ({ schemaType: 'AVRO', schema: JSON.stringify(value), ...extra });
const DRAFT_2020 = 'https://json-schema.org/draft/2020-12/schema';

describe('Karapace JSON Schema and Avro tests, Confluent answers', () => {
  let server: ServerProcess;
  let api: ReturnType<typeof client>;
  let serial = 0;
  const fresh = (prefix: string) => `${prefix}-${++serial}`;
  before(async () => {
    server = await startServer();
    api = client(server.url);
  });
  after(() => server.stop());

  /** Registers `writer`, sets BACKWARD, registers `reader` under `subject`: 200 (a new id) or 409. */
  async function evolve(subject: string, writer: unknown, reader: unknown): Promise<boolean> {
    const older = await api.post(`/subjects/${subject}/versions`, json(writer));
    assert.equal(older.status, 200, older.text);
    assert.equal((await api.put(`/config/${subject}`, { compatibility: 'BACKWARD' })).status, 200);
    const newer = await api.post(`/subjects/${subject}/versions`, json(reader));
    if (newer.status === 200) {
      assert.notEqual(newer.body.id, older.body.id, 'a different schema gets a new id');
      return true;
    }
    assert.equal(newer.status, 409, newer.text);
    assert.equal(newer.body.error_code, 409);
    assert.match(newer.body.message, /^Schema being registered is incompatible with an earlier schema for subject "/);
    return false;
  }

  it('the table covers both verdicts and records where Karapace differs', () => {
    assert.ok(table.cases.length >= 200, `only ${table.cases.length} cases`);
    assert.ok(table.cases.some((c) => c.compatible) && table.cases.some((c) => !c.compatible));
    // Confluent: `false` writes nothing, so any reader reads it; `true` reads anything; a property with schema `{}`
    // may be added to an open content model; `propertyNames` is not compared.
    const differs = (reader: string, writer: string) => table.cases.find((c) => c.reader === reader && c.writer === writer);
    assert.deepEqual(differs('A_INT_OBJECT', 'FALSE'), { group: 'closed_model', reader: 'A_INT_OBJECT', writer: 'FALSE', compatible: true, karapace: false });
    assert.equal(differs('FALSE', 'TRUE')?.compatible, false);
    assert.equal(differs('TRUE', 'STRING')?.compatible, true);
    assert.equal(differs('A_OBJECT', 'OBJECT')?.compatible, true);
  });

  it('registering the newer schema under BACKWARD gives the table verdict, for every case', async () => {
    const wrong: string[] = [];
    for (const c of table.cases) {
      const verdict = await evolve(fresh('kj'), schema(c.writer), schema(c.reader));
      if (verdict !== c.compatible) wrong.push(`${c.group}: reader ${c.reader}, writer ${c.writer}: got ${verdict}`);
    }
    assert.deepEqual(wrong, []);
  });

  it('the same verdicts when the evolving schema is referenced by another subject', async () => {
    // Karapace's test_jsonschema_references: the schemas get an $id and a title, a main schema refers to them by
    // that $id, and the referenced subject evolves. The main schema is not re-checked.
    const template = { $id: 'https://example.com/dependency.schema.json', title: 'Dependency' };
    const main = {
      $id: 'https://example.com/main.schema.json', title: 'Main', type: 'object',
      properties: { x1: { type: 'string' }, x2: { type: 'string' }, x3: { $ref: 'https://example.com/dependency.schema.json' } },
      required: ['x1', 'x2', 'x3'],
    };
    const wrong: string[] = [];
    const objectCases = table.cases.filter((c) => typeof schema(c.reader) === 'object' && typeof schema(c.writer) === 'object');
    for (const c of objectCases) {
      const subject = fresh('kjref');
      const dependency = `${subject}_dependency`;
      const older = await api.post(`/subjects/${dependency}/versions`, json({ ...template, ...(schema(c.writer) as object) }));
      assert.equal(older.status, 200, older.text);
      const references = [{ name: 'dependency.schema.json', subject: dependency, version: 1 }];
      const registered = await api.post(`/subjects/${subject}/versions`, json(main, { references }));
      assert.equal(registered.status, 200, registered.text);
      await api.put(`/config/${dependency}`, { compatibility: 'BACKWARD' });
      const newer = await api.post(`/subjects/${dependency}/versions`, json({ ...template, ...(schema(c.reader) as object) }));
      if ((newer.status === 200) !== c.compatible) wrong.push(`${c.reader} <- ${c.writer}: ${newer.status}`);
    }
    assert.deepEqual(wrong, []);
  });

  it('the same JSON schema registered twice gets the same id, whatever the level, metadata, ruleSet or trailing slash', async () => {
    const levels = ['FORWARD', 'BACKWARD', 'FULL'];
    const extras = [{}, { metadata: null, ruleSet: null }, { metadata: {}, ruleSet: {} }];
    const wrong: string[] = [];
    let i = 0;
    for (const [name, value] of Object.entries(table.schemas)) {
      const subject = fresh('kjsame');
      const extra = extras[i % extras.length];
      const path = `/subjects/${subject}/versions${i % 2 === 0 ? '' : '/'}`;
      assert.equal((await api.put(`/config/${subject}`, { compatibility: levels[i++ % levels.length] })).status, 200);
      const first = await api.post(path, json(value, extra));
      const second = await api.post(path, json(value, extra));
      if (first.status !== 200 || second.status !== 200 || first.body.id !== second.body.id) {
        wrong.push(`${name}: ${first.status} ${first.text} / ${second.status} ${second.text}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  describe('newer drafts', () => {
    for (const [uri, draftSchema] of [
      ['https://json-schema.org/draft/2019-09/schema', { type: 'object', properties: { a: { type: 'string' } }, dependentRequired: { a: ['b'] } }],
      [DRAFT_2020, { type: 'object', properties: { items: { type: 'array', prefixItems: [{ type: 'integer' }] } } }],
    ] as const) {
      it(`registers, serves and lists a ${uri} schema`, async () => {
        const subject = fresh('kjdraft');
        const res = await api.post(`/subjects/${subject}/versions`, json({ $schema: uri, ...draftSchema }));
        assert.equal(res.status, 200, res.text);
        const latest = await api.get(`/subjects/${subject}/versions/latest`);
        assert.equal(JSON.parse(latest.body.schema).$schema, uri);
        assert.equal((await api.get(`/schemas/ids/${res.body.id}`)).status, 200);
        assert.deepEqual((await api.get(`/subjects/${subject}/versions`)).body, [1]);
      });
    }

    it('a subject evolves from draft 7 to 2020-12: same shape compatible, number to integer not', async () => {
      const draft7 = { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { a: { type: 'string' } }, additionalProperties: true };
      assert.equal(await evolve(fresh('kjcross'), draft7, { ...draft7, $schema: DRAFT_2020 }), true);
      const numberA = { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { a: { type: 'number' } } };
      const integerA = { $schema: DRAFT_2020, type: 'object', properties: { a: { type: 'integer' } } };
      assert.equal(await evolve(fresh('kjcross'), numberA, integerA), false);
    });

    it('adding unevaluatedProperties: false is incompatible under BACKWARD, accepted under NONE', async () => {
      const base = { $schema: DRAFT_2020, type: 'object' };
      const closed = { ...base, unevaluatedProperties: false };
      assert.equal(await evolve(fresh('kjuneval'), base, closed), false);
      const subject = fresh('kjuneval');
      assert.equal((await api.post(`/subjects/${subject}/versions`, json(base))).status, 200);
      await api.put(`/config/${subject}`, { compatibility: 'NONE' });
      assert.equal((await api.post(`/subjects/${subject}/versions`, json(closed))).status, 200);
    });

    it('2020-12: keywords beside $ref count (allOf of the reference and them); in draft 7 they do not', async () => {
      // Confluent loads 2019-09/2020-12 with json-sKema, whose $ref is one applicator among the others.
      const defs = { r: { type: 'object', properties: { n: { type: 'integer' } } } };
      const plain = { $schema: DRAFT_2020, $ref: '#/$defs/r', $defs: defs };
      const extended = { ...plain, type: 'object', properties: { x: { type: 'string' } } };
      assert.equal(await evolve(fresh('kjrefsib'), plain, extended), false);
      const draft7 = { $ref: '#/definitions/r', definitions: defs };
      assert.equal(await evolve(fresh('kjrefsib'), draft7, { ...draft7, type: 'object', properties: { x: { type: 'string' } } }), true);
    });
  });

  describe('JSON Schema references (test_json_references)', () => {
    const country = {
      $id: 'https://example.com/country.schema.json', title: 'Country', type: 'object', description: 'A country of registration',
      properties: { name: { type: 'string' }, code: { type: 'string' } }, required: ['name', 'code'],
    };
    const address = {
      $id: 'https://example.com/address.schema.json', title: 'Address', type: 'object',
      properties: { street: { type: 'string' }, city: { type: 'string' }, postalCode: { type: 'string' }, country: { $ref: 'https://example.com/country.schema.json' } },
      required: ['street', 'city', 'postalCode', 'country'],
    };
    const job = {
      $id: 'https://example.com/job.schema.json', title: 'Job', type: 'object',
      properties: { title: { type: 'string' }, salary: { type: 'number' } }, required: ['title', 'salary'],
    };
    const person = {
      $id: 'https://example.com/person.schema.json', title: 'Person', type: 'object',
      properties: {
        name: { type: 'string' }, age: { type: 'integer' },
        address: { $ref: 'https://example.com/address.schema.json' }, job: { $ref: 'https://example.com/job.schema.json' },
      },
      required: ['name', 'age', 'address', 'job'],
    };
    let prefix: string;
    const addressRefs = () => [{ name: 'country.schema.json', subject: `${prefix}country`, version: 1 }];
    const personRefs = () => [
      { name: 'address.schema.json', subject: `${prefix}address`, version: 1 },
      { name: 'job.schema.json', subject: `${prefix}job`, version: 1 },
    ];
    let personId: number;
    before(async () => {
      prefix = `${fresh('kjrefs')}-`;
      assert.equal((await api.post(`/subjects/${prefix}country/versions`, json(country))).status, 200);
      const a = await api.post(`/subjects/${prefix}address/versions`, json(address, { references: addressRefs() }));
      assert.equal(a.status, 200, a.text);
      const lookup = await api.post(`/subjects/${prefix}address`, json(address, { references: addressRefs() }));
      assert.equal(lookup.status, 200, lookup.text);
      assert.equal(lookup.body.id, a.body.id);
      assert.deepEqual(Object.keys(lookup.body), ['subject', 'version', 'id', 'schemaType', 'references', 'schema']);
      assert.equal((await api.post(`/subjects/${prefix}job/versions`, json(job))).status, 200);
      const p = await api.post(`/subjects/${prefix}person/versions`, json(person, { references: personRefs() }));
      assert.equal(p.status, 200, p.text);
      personId = p.body.id;
    });

    it('serves the referencing schema with its references', async () => {
      const latest = await api.get(`/subjects/${prefix}person/versions/latest`);
      assert.equal(latest.status, 200);
      assert.deepEqual({ ...latest.body, schema: JSON.parse(latest.body.schema) }, {
        subject: `${prefix}person`, version: 1, id: personId, schemaType: 'JSON', references: personRefs(), schema: person,
      });
    });

    it('checks compatibility through references; messages only with verbose (Confluent)', async () => {
      const path = `/compatibility/subjects/${prefix}person/versions/latest`;
      assert.deepEqual((await api.post(path, json(person, { references: personRefs() }))).body, { is_compatible: true });
      const ageString = { ...person, properties: { ...person.properties, age: { type: 'string' } } };
      assert.deepEqual((await api.post(path, json(ageString, { references: personRefs() }))).body, { is_compatible: false });
      const verbose = await api.post(`${path}?verbose=true`, json(ageString, { references: personRefs() }));
      assert.equal(verbose.body.is_compatible, false);
      assert.ok(verbose.body.messages.some((m: string) => m.includes("errorType:'TYPE_CHANGED'") && m.includes('#/properties/age')), verbose.text);
    });

    it('refuses an evolution that adds a constrained property to an open content model (409)', async () => {
      const renamed = {
        ...address, $id: 'https://example.com/address2.schema.json', title: 'ChangedAddress',
        properties: { street2: { type: 'string' }, city: { type: 'string' }, postalCode: { type: 'string' }, country: { $ref: 'https://example.com/country.schema.json' } },
      };
      const res = await api.post(`/subjects/${prefix}address/versions`, json(renamed, { references: addressRefs() }));
      assert.equal(res.status, 409, res.text);
      assert.equal(res.body.error_code, 409);
      assert.match(res.body.message, /PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL/);
      assert.match(res.body.message, /#\/properties\/street2/);
    });
  });

  describe('Avro references (test_schema_avro_references)', () => {
    const namespace = 'com.netapp';
    const country = { type: 'record', name: 'Country', namespace, fields: [{ name: 'name', type: 'string' }, { name: 'code', type: 'string' }] };
    const address = {
      type: 'record', name: 'Address', namespace,
      fields: [{ name: 'street', type: 'string' }, { name: 'city', type: 'string' }, { name: 'postalCode', type: 'string' }, { name: 'country', type: 'Country' }],
    };
    const job = { type: 'record', name: 'Job', namespace, fields: [{ name: 'title', type: 'string' }, { name: 'salary', type: 'double' }] };
    const personWithAge = (age: string) => ({
      type: 'record', name: 'Person', namespace, fields: [{ name: 'name', type: 'string' }, { name: 'age', type: age }, { name: 'job', type: 'Job' }],
    });
    const person = personWithAge('int');
    let prefix: string;
    const addressRefs = () => [{ name: 'country.avsc', subject: `${prefix}country`, version: 1 }];
    const personRefs = () => [{ name: 'job.avsc', subject: `${prefix}job`, version: 1 }];
    let personId: number;
    before(async () => {
      prefix = `${fresh('karefs')}-`;
      // schemaType left out: AVRO is the default.
      assert.equal((await api.post(`/subjects/${prefix}country/versions`, { schema: JSON.stringify(country) })).status, 200);
      const a = await api.post(`/subjects/${prefix}address/versions`, avro(address, { references: addressRefs() }));
      assert.equal(a.status, 200, a.text);
      const lookup = await api.post(`/subjects/${prefix}address`, avro(address, { references: addressRefs() }));
      assert.equal(lookup.body.id, a.body.id);
      assert.deepEqual(Object.keys(lookup.body), ['subject', 'version', 'id', 'references', 'schema']);
      assert.equal((await api.post(`/subjects/${prefix}job/versions`, { schema: JSON.stringify(job) })).status, 200);
      const p = await api.post(`/subjects/${prefix}person/versions`, avro(person, { references: personRefs() }));
      assert.equal(p.status, 200, p.text);
      personId = p.body.id;
    });

    it('serves the schema in Confluent canonical form (not with sorted keys, as Karapace does), referenced names kept', async () => {
      const latest = await api.get(`/subjects/${prefix}person/versions/latest`);
      assert.deepEqual(latest.body, {
        subject: `${prefix}person`, version: 1, id: personId, references: personRefs(), schema: JSON.stringify(person),
      });
    });

    it('checks compatibility through references: int to long compatible, int to string not', async () => {
      const path = `/compatibility/subjects/${prefix}person/versions/latest`;
      assert.deepEqual((await api.post(path, avro(personWithAge('long'), { references: personRefs() }))).body, { is_compatible: true });
      assert.deepEqual((await api.post(path, avro(personWithAge('string'), { references: personRefs() }))).body, { is_compatible: false });
      const verbose = await api.post(`${path}?verbose=true`, avro(personWithAge('string'), { references: personRefs() }));
      assert.ok(verbose.body.messages.some((m: string) => m.includes("errorType:'TYPE_MISMATCH'") && m.includes('/fields/1/type')), verbose.text);
    });

    it('registers records and unions that use referenced names, recursive and indirectly recursive ones', async () => {
      const child = { type: 'record', name: 'child', fields: [{ name: 'name', type: 'string' }, { name: 'age', type: 'int' }] };
      const withUnion = { ...personWithAge('int'), name: 'Person2', fields: [...person.fields, { name: 'children', type: ['null', child] }] };
      const topUnion = [person, { type: 'record', name: 'UnemployedPerson', namespace, fields: [{ name: 'name', type: 'string' }, { name: 'age', type: 'int' }] }];
      const recursive = { ...personWithAge('int'), name: 'PersonRecursive', fields: [...person.fields, { name: 'father', type: 'PersonRecursive' }] };
      for (const [name, value] of [['person2', withUnion], ['person3', topUnion], ['person-recursive', recursive]] as const) {
        const res = await api.post(`/subjects/${prefix}${name}/versions`, avro(value, { references: personRefs() }));
        assert.equal(res.status, 200, `${name}: ${res.text}`);
      }
      // Person itself refers to Job: references are resolved transitively.
      const indirect = {
        type: 'record', name: 'JobIndirectRecursive', namespace,
        fields: [{ name: 'title', type: 'string' }, { name: 'salary', type: 'double' }, { name: 'consultant', type: 'Person' }],
      };
      const res = await api.post(`/subjects/${prefix}person-indirect/versions`, avro(indirect, { references: [{ name: 'person.avsc', subject: `${prefix}person`, version: 1 }] }));
      assert.equal(res.status, 200, res.text);
    });

    it('refuses a renamed record under BACKWARD (409, NAME_MISMATCH)', async () => {
      const res = await api.post(`/subjects/${prefix}address/versions`, avro({ ...address, name: 'ChangedAddress' }, { references: addressRefs() }));
      assert.equal(res.status, 409, res.text);
      assert.match(res.body.message, /NAME_MISMATCH/);
      assert.match(res.body.message, /com\.netapp\.Address/);
    });
  });

  describe('compatibility against latest (test_schema_compatibility)', () => {
    const record = (type: string) => JSON.stringify({ type: 'record', name: 'schema_name', fields: [{ type, name: 'field_name' }] });
    const register = async (subject: string, type: string) => assert.equal((await api.post(`/subjects/${subject}/versions`, { schemaType: 'AVRO', schema: record(type) })).status, 200);
    const compatible = async (subject: string) => {
      await register(subject, 'int');
      await register(subject, 'long');
    };
    const incompatible = async (subject: string) => {
      await api.put(`/config/${subject}`, { compatibility: 'NONE' });
      await register(subject, 'string');
      await register(subject, 'double');
    };
    const withDeleted = async (subject: string) => {
      await incompatible(subject);
      await register(subject, 'long');
      const deleted = await api.delete(`/subjects/${subject}/versions/latest`);
      assert.deepEqual([deleted.status, deleted.body], [200, 3]);
    };
    const none = async () => {};
    // [setup, level, candidate, is_compatible, the writer type the verbose message names]
    const cases: Array<[string, (subject: string) => Promise<void>, string, string, boolean, string | undefined]> = [
      ['compatible with both', compatible, 'BACKWARD', 'long', true, undefined],
      ['compatible with both, transitive', compatible, 'BACKWARD_TRANSITIVE', 'long', true, undefined],
      ['incompatible with the latest', incompatible, 'BACKWARD', 'int', false, 'DOUBLE'],
      // Karapace checks every version here and reports STRING; Confluent checks only the version named.
      ['transitive, but only the named version is checked', incompatible, 'BACKWARD_TRANSITIVE', 'int', false, 'DOUBLE'],
      ['a deleted latest is skipped', withDeleted, 'BACKWARD', 'int', false, 'DOUBLE'],
      ['a deleted latest is skipped, transitive', withDeleted, 'BACKWARD_TRANSITIVE', 'int', false, 'DOUBLE'],
      // Karapace answers 404 here; Confluent: nothing to be incompatible with.
      ['no versions', none, 'BACKWARD', 'int', true, undefined],
      ['no versions, transitive', none, 'BACKWARD_TRANSITIVE', 'int', true, undefined],
    ];
    for (const [name, setup, level, candidate, expected, writerType] of cases) {
      it(`${name} (${level})`, async () => {
        const subject = fresh('kcompat');
        await setup(subject);
        assert.equal((await api.put(`/config/${subject}`, { compatibility: level })).status, 200);
        const path = `/compatibility/subjects/${subject}/versions/latest`;
        const res = await api.post(path, { schema: record(candidate) });
        assert.equal(res.status, 200, res.text);
        assert.deepEqual(res.body, { is_compatible: expected });
        const verbose = await api.post(`${path}?verbose=true`, { schema: record(candidate) });
        assert.equal(verbose.body.is_compatible, expected);
        if (writerType) {
          const mismatch = verbose.body.messages.filter((m: string) => m.includes("errorType:'TYPE_MISMATCH'"));
          assert.equal(mismatch.length, 1, verbose.text);
          assert.match(mismatch[0], new RegExp(`writer type: ${writerType}`));
        }
      });
    }
  });
});
