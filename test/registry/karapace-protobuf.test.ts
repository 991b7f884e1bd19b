// Karapace's Protobuf scenarios (tests/integration/test_schema_protobuf.py, test_dependencies_compatibility_protobuf.py,
// test_client_protobuf.py and the compatibility/normalization unit tests), replayed over real HTTP and Kafka.
// Where Karapace departs from Confluent the assertion follows Confluent and says so.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { client, startServer, type ServerProcess } from '../harness.ts';

type Reference = { name: string; subject: string; version: number };
const proto = (schema: string, references?: readonly Reference[]) =>
  ({ schemaType: 'PROTOBUF', schema, ...(references === undefined ? {} : { references }) });

const TEST_MESSAGE = `syntax = "proto3";
package a1;
message TestMessage {
    message Value {
        string str2 = 1;
        int32 x = 2;
    }
    string test = 1;
    .a1.TestMessage.Value val = 2;
}
`;
const TEST_MESSAGE_RESPACED = `syntax = "proto3";

package a1;


message TestMessage {
    message Value {
        string str2 = 1;
      int32 x = 2;
    }
  string test = 1;
      .a1.TestMessage.Value val = 2;
}
`;
// int32 -> enum: both varints, which Confluent counts as one scalar kind.
const TEST_MESSAGE_WITH_ENUM = `syntax = "proto3";
package a1;
message TestMessage {
    message Value {
        string str2 = 1;
        Enu x = 2;
    }
    string test = 1;
    .a1.TestMessage.Value val = 2;
    enum Enu {
        A = 0;
        B = 1;
    }
}
`;
const NO_REF = 'syntax = "proto3";\n\nmessage NoReference {\n  string name = 1;\n}\n';
const NO_REF_V2 = 'syntax = "proto3";\n\nmessage NoReference {\n  string name = 1;\n  string address = 2;\n}\n';
const WITH_REF = 'syntax = "proto3";\n\nimport "NoReference.proto";\n\nmessage WithReference {\n  string name = 1;\n  NoReference ref = 2;\n}\n';

const container = (pkg: string, type: string) =>
  `syntax = "proto3";\n${pkg === '' ? '' : `package ${pkg};\n`}message container {\n    message H {\n        ${type} s = 1;\n    }\n}\n`;
const usingContainer = (pkg: string, importPath: string) => {
  const prefix = pkg === '' ? '' : `${pkg}.`;
  return `syntax = "proto3";\n${pkg === '' ? '' : `package ${pkg};\n`}import "${importPath}";\nmessage TestMessage {
    message V {
        .${prefix}container.H h = 1;
        int32 x = 2;
    }
    string t = 1;
    .${prefix}TestMessage.V v = 2;
}
`;
};

describe('Karapace Protobuf scenarios', () => {
  let server: ServerProcess;
  let api: ReturnType<typeof client>;
  before(async () => {
    server = await startServer();
    api = client(server.url);
  });
  after(() => server.stop());

  const register = async (subject: string, body: object, query = ''): Promise<number> => {
    const res = await api.post(`/subjects/${subject}/versions${query}`, body);
    assert.equal(res.status, 200, res.text);
    return res.body.id;
  };

  it('registers text differing only in layout as one schema, and evolves int32 to an enum compatibly', async () => {
    const subject = 'kp-normalization';
    await api.put(`/config/${subject}`, { compatibility: 'BACKWARD' });
    const original = await register(subject, proto(TEST_MESSAGE));
    assert.equal(await register(subject, proto(TEST_MESSAGE)), original);
    assert.equal(await register(subject, proto(TEST_MESSAGE_RESPACED)), original);
    for (const text of [TEST_MESSAGE, TEST_MESSAGE_RESPACED]) {
      const found = await api.post(`/subjects/${subject}`, proto(text));
      assert.equal(found.body.id, original, found.text);
      assert.equal(found.body.schema, 'syntax = "proto3";\npackage a1;\n\nmessage TestMessage {\n  string test = 1;\n'
        + '  .a1.TestMessage.Value val = 2;\n\n  message Value {\n    string str2 = 1;\n    int32 x = 2;\n  }\n}\n');
    }
    const verdict = await api.post(`/compatibility/subjects/${subject}/versions/latest`, proto(TEST_MESSAGE_WITH_ENUM));
    assert.deepEqual(verdict.body, { is_compatible: true });
    const evolved = await register(subject, proto(TEST_MESSAGE_WITH_ENUM));
    assert.notEqual(evolved, original);
    assert.deepEqual((await api.post(`/compatibility/subjects/${subject}/versions/latest`, proto(TEST_MESSAGE))).body, { is_compatible: true });
    // Registering a schema the subject already has (version 1) answers its id and adds no version.
    assert.equal(await register(subject, proto(TEST_MESSAGE)), original);
    assert.deepEqual((await api.get(`/subjects/${subject}/versions`)).body, [1, 2]);
    assert.equal((await api.post(`/subjects/${subject}`, proto(TEST_MESSAGE_WITH_ENUM))).body.id, evolved);
  });

  it('resolves references and bundled google types, accepts undeclared custom options, and guards referenced versions', async () => {
    const place = 'syntax = "proto3";\npackage a1;\nmessage Place {\n        string city = 1;\n        int32 zone = 2;\n}\n';
    const customer = `syntax = "proto3";
package a1;
import "Place.proto";
import "google/protobuf/duration.proto";
import "google/type/color.proto";
message Customer {
        string name = 1;
        int32 code = 2;
        Place place = 3;
        google.protobuf.Duration dur = 4;
        google.type.Color color = 5;
}
`;
    const test = `syntax = "proto3";
package a1;
import "Customer.proto";
message TestMessage {
    enum Enum {
       HIGH = 0;
       MIDDLE = 1;
       LOW = 2;
    }
    message Value {
        message Label{
              int32 Id = 1;
              string name = 2;
        }
        Customer customer = 1;
        int32 x = 2;
    }
    string test = 1;
    .a1.TestMessage.Value val = 2;
    TestMessage.Value valx = 3;
    oneof page_info {
      option (my_option) = true;
      int32 page_number = 5;
      int32 result_per_page = 6;
    }
}
`;
    await register('kp-place', proto(place));
    const customerRefs = [{ name: 'Place.proto', subject: 'kp-place', version: 1 }];
    const customerId = await register('kp-customer', proto(customer, customerRefs));
    const found = await api.post('/subjects/kp-customer', proto(customer, customerRefs));
    assert.equal(found.body.id, customerId);
    assert.deepEqual(found.body.references, customerRefs);
    assert.equal(found.body.schema, `syntax = "proto3";
package a1;

import "Place.proto";
import "google/protobuf/duration.proto";
import "google/type/color.proto";

message Customer {
  string name = 1;
  int32 code = 2;
  Place place = 3;
  google.protobuf.Duration dur = 4;
  google.type.Color color = 5;
}
`);
    const testId = await register('kp-test', proto(test, [{ name: 'Customer.proto', subject: 'kp-customer', version: 1 }]));
    // Confluent prints a oneof's options, a blank line, then its fields (appendIndented indents the blank line too).
    assert.match((await api.get(`/schemas/ids/${testId}`)).body.schema,
      /\n {2}oneof page_info \{\n {4}option \(my_option\) = true;\n {2}\n {4}int32 page_number = 5;\n {4}int32 result_per_page = 6;\n {2}\}\n/);
    assert.deepEqual((await api.get('/subjects/kp-customer/versions/latest/referencedby')).body, [testId]);
    assert.deepEqual((await api.get('/subjects/kp-place/versions/latest/referencedby')).body, [customerId]);

    const blocked = await api.delete('/subjects/kp-customer/versions/1');
    assert.equal(blocked.status, 422);
    assert.deepEqual(blocked.body, {
      error_code: 42206,
      message: 'One or more references exist to the schema {magic=1,keytype=SCHEMA,subject=kp-customer,version=1}.',
    });
    assert.equal((await api.delete('/subjects/kp-test/versions/1')).status, 200);
    assert.equal((await api.delete('/subjects/kp-test/versions/1')).body.error_code, 40406);
    // Confluent (InMemoryCache.schemaDeleted) drops a soft-deleted schema's references, so the referenced version
    // can go now; Karapace still answers 42206 here.
    assert.equal((await api.delete('/subjects/kp-customer/versions/1')).status, 200);
  });

  it('rejects unresolvable references and types with 42201, naming the type as protobuf-java does', async () => {
    await register('kp-noref', proto(NO_REF));
    const missingSubject = await api.post('/subjects/kp-wr-a/versions',
      proto(WITH_REF, [{ name: 'NoReference.proto', subject: 'kp-not-found', version: 1 }]));
    assert.equal(missingSubject.status, 422);
    assert.equal(missingSubject.body.error_code, 42201);
    const missingVersion = await api.post('/subjects/kp-wr-a/versions',
      proto(WITH_REF, [{ name: 'NoReference.proto', subject: 'kp-noref', version: 7 }]));
    assert.equal(missingVersion.body.error_code, 42201);
    const chain = await api.post('/subjects/kp-wr-a/versions', proto(WITH_REF, [
      { name: 'NoReference.proto', subject: 'kp-noref', version: 1 },
      { name: 'NotFoundReference.proto', subject: 'kp-not-found', version: 1 },
    ]));
    assert.equal(chain.body.error_code, 42201);

    const noReferences = await api.post('/subjects/kp-wr-b/versions', proto(WITH_REF));
    assert.equal(noReferences.status, 422);
    assert.equal(noReferences.body.error_code, 42201);
    assert.match(noReferences.body.message, /WithReference\.ref: "NoReference" is not defined/);

    const googleWithoutImport = 'syntax = "proto3";\npackage a1;\nmessage UsingGoogleTypesWithoutImport {\n'
      + '        string name = 1;\n        google.type.PostalAddress p = 2;\n}\n';
    const unimported = await api.post('/subjects/kp-wr-c/versions', proto(googleWithoutImport));
    assert.equal(unimported.body.error_code, 42201);
    assert.match(unimported.body.message, /"google\.type\.PostalAddress" is not defined/);

    const missingBrace = 'syntax = "proto3";\n\nimport "NoReference.proto";\n\nmessage SchemaMissingClosingBrace {\n'
      + '  string name = 1;\n  NoReference ref = 2;\n\n';
    const unclosed = await api.post('/subjects/kp-wr-d/versions',
      proto(missingBrace, [{ name: 'NoReference.proto', subject: 'kp-noref', version: 1 }]));
    assert.equal(unclosed.status, 422);
    assert.equal(unclosed.body.error_code, 42201);

    // An import is matched to a reference by name only. Karapace accepts a nested type from a reference named
    // differently from the import; Confluent skips the import it has no file for and the type is not defined.
    const nested = 'syntax = "proto3";\n\nmessage NoReference {\n  message NoReferenceNested {\n    string nameNested = 1;\n'
      + '  }\n  string name = 1;\n  NoReferenceNested ref = 2;\n}\n';
    const withNested = 'syntax = "proto3";\n\nimport "NoReferenceNested.proto";\n\nmessage WithReference {\n'
      + '  string name = 1;\n  NoReference.NoReferenceNested ref = 2;\n}\n';
    await register('kp-nested', proto(nested));
    const misnamed = await api.post('/subjects/kp-wr-e/versions',
      proto(withNested, [{ name: 'NoReference.proto', subject: 'kp-nested', version: 1 }]));
    assert.equal(misnamed.body.error_code, 42201);
    assert.match(misnamed.body.message, /"NoReference\.NoReferenceNested" is not defined/);
    await register('kp-wr-e', proto(withNested, [{ name: 'NoReferenceNested.proto', subject: 'kp-nested', version: 1 }]));
  });

  it('registers a schema whose unused import nothing provides, as Confluent does', async () => {
    const text = 'syntax = "proto3";\npackage acme;\n\nimport "google/api/annotations.proto";\n\n'
      + 'message Ping {\n  string id = 1;\n}\n';
    const id = await register('kp-unused-import', proto(text));
    assert.equal((await api.get(`/schemas/ids/${id}`)).body.schema, text);
    const serialized = Buffer.from((await api.get(`/schemas/ids/${id}?format=serialized`)).body.schema, 'base64');
    assert.ok(!serialized.includes(Buffer.from('google/api/annotations.proto')), 'no dependency on a file that is not there');
    assert.equal((await api.post('/subjects/kp-unused-import', proto(text))).body.id, id);
  });

  it('makes a new version when only a reference moves to a newer version, and looks each up by its references', async () => {
    const v1 = await register('kp-upd-base', proto(NO_REF));
    const withV1 = await register('kp-upd', proto(WITH_REF, [{ name: 'NoReference.proto', subject: 'kp-upd-base', version: 1 }]));
    const v2 = await register('kp-upd-base', proto(NO_REF_V2));
    const withV2 = await register('kp-upd', proto(WITH_REF, [{ name: 'NoReference.proto', subject: 'kp-upd-base', version: 2 }]));
    assert.notEqual(v1, v2);
    assert.notEqual(withV1, withV2);
    assert.deepEqual((await api.get('/subjects/kp-upd/versions')).body, [1, 2]);
    assert.deepEqual((await api.get('/subjects/kp-upd/versions/2')).body.references,
      [{ name: 'NoReference.proto', subject: 'kp-upd-base', version: 2 }]);
    const lookup = async (version: number) =>
      (await api.post('/subjects/kp-upd', proto(WITH_REF, [{ name: 'NoReference.proto', subject: 'kp-upd-base', version }]))).body.id;
    assert.equal(await lookup(1), withV1);
    assert.equal(await lookup(2), withV2);
  });

  it('takes a reference to version -1 as the latest version', async () => {
    await register('kp-latest-base', proto(container('a1', 'string')));
    await register('kp-latest', proto(usingContainer('a1', 'container1.proto'),
      [{ name: 'container1.proto', subject: 'kp-latest-base', version: -1 }]));
    assert.deepEqual((await api.get('/subjects/kp-latest/versions/1')).body.references,
      [{ name: 'container1.proto', subject: 'kp-latest-base', version: 1 }]);
  });

  it('ignores comments: a changed comment is the same schema', async () => {
    const customer = (comment: string) => `syntax = "proto3";\npackage a1;\nimport "google/type/postal_address.proto";\n`
      + `// @consumer: ${comment}\nmessage Customer {\n        string name = 1;\n        google.type.PostalAddress address = 2;\n}\n`;
    const id = await register('kp-comments', proto(customer('the first comment')));
    assert.equal(await register('kp-comments', proto(customer('the comment was incorrect, updating it now'))), id);
    assert.deepEqual((await api.get('/subjects/kp-comments/versions')).body, [1]);
  });

  it('takes a base64 FileDescriptorProto as the schema it describes', async () => {
    const plain = 'syntax = "proto3";\n\nmessage Key {\n  int32 id = 1;\n}\nmessage Dog {\n  string name = 1;\n'
      + '  int32 weight = 2;\n  repeated string toys = 4;\n}\n';
    const serialized = 'Cg5tZXNzYWdlcy5wcm90byIRCgNLZXkSCgoCaWQYASABKAUiMQoDRG9nEgwKBG5hbWUYASABKAkSDgoGd2VpZ2h0GAIgASgF'
      + 'EgwKBHRveXMYBCADKAliBnByb3RvMw==';
    const id = await register('kp-binary', proto(serialized));
    assert.equal(await register('kp-binary', proto(plain)), id);
    assert.equal((await api.get(`/schemas/ids/${id}`)).body.schema, plain);
    const served = (await api.get(`/schemas/ids/${id}?format=serialized`)).body.schema;
    assert.equal(await register('kp-binary', proto(served)), id);
    assert.equal((await api.post('/subjects/kp-binary', proto(serialized))).body.id, id);
  });

  it('prints messages before enums, so moving an enum above a message is the same schema', async () => {
    const fredFirst = 'syntax = "proto3";\npackage tc4;\n\nmessage Fred {\n  HodoCode hodecode = 1;\n}\n\n'
      + 'enum HodoCode {\n  HODO_CODE_UNSPECIFIED = 0;\n}\n';
    const enumFirst = 'syntax = "proto3";\npackage tc4;\n\nenum HodoCode {\n  HODO_CODE_UNSPECIFIED = 0;\n}\n\n'
      + 'message Fred {\n  HodoCode hodecode = 1;\n}\n';
    const id = await register('kp-ordering', proto(fredFirst));
    assert.equal(await register('kp-ordering', proto(enumFirst)), id);
    assert.notEqual(await register('kp-ordering', proto(enumFirst.replace('hodecode = 1;', 'hodecode = 1;\n  string id = 2;'))), id);

    const before = 'syntax = "proto3";\n\noption java_package = "com.codingharbour.protobuf";\n'
      + 'option java_outer_classname = "TestEnumOrder";\n\nenum Enum {\n  HIGH = 0;\n  MIDDLE = 1;\n  LOW = 2;\n}\n'
      + 'message Message {\n  int32 query = 1;\n}\n';
    const after = 'syntax = "proto3";\n\noption java_package = "com.codingharbour.protobuf";\n'
      + 'option java_outer_classname = "TestEnumOrder";\n\nmessage Message {\n  int32 query = 1;\n}\n'
      + 'enum Enum {\n  HIGH = 0;\n  MIDDLE = 1;\n  LOW = 2;\n}\n';
    const enumOrder = await register('kp-client', proto(before));
    assert.equal((await api.get(`/schemas/ids/${enumOrder}`)).body.schema, after);
    assert.equal((await api.get('/subjects/kp-client/versions/latest')).body.id, enumOrder);
  });

  it('normalize=true sorts options: either order registers and finds the one normalized schema', async () => {
    const unordered = 'syntax = "proto3";\npackage tc4;\n\noption java_package = "com.example";\n'
      + 'option java_generate_equals_and_hash = true;\noption java_string_check_utf8 = true;\noption java_multiple_files = true;\n'
      + 'option java_outer_classname = "FredProto";\noption java_generic_services = true;\n\nmessage Foo {\n  string code = 1;\n}\n';
    const ordered = 'syntax = "proto3";\npackage tc4;\n\noption java_generate_equals_and_hash = true;\n'
      + 'option java_generic_services = true;\noption java_multiple_files = true;\noption java_outer_classname = "FredProto";\n'
      + 'option java_package = "com.example";\noption java_string_check_utf8 = true;\n\nmessage Foo {\n  string code = 1;\n}\n';
    const id = await register('kp-normalize', proto(ordered), '?normalize=true');
    assert.equal((await api.post('/subjects/kp-normalize', proto(unordered))).body.error_code, 40403);
    assert.equal((await api.post('/subjects/kp-normalize?normalize=true', proto(unordered))).body.id, id);

    const other = await register('kp-normalize-2', proto(unordered), '?normalize=true');
    assert.equal(await register('kp-normalize-2', proto(ordered), '?normalize=true'), other);
    assert.equal((await api.get(`/schemas/ids/${other}`)).body.schema, ordered);
  });

  it('normalize=true makes simple and fully qualified type names one schema (Confluent qualifies them all)', async () => {
    const nested = 'syntax = "proto3";\npackage my.awesome.customer.v1;\n\nmessage NestedValue {\n    string value = 1;\n}\n';
    await register('kp-nested-value', proto(nested));
    const refs = [{ name: 'my/awesome/customer/v1/nested_value.proto', subject: 'kp-nested-value', version: 1 }];
    const event = (qualified: boolean) => 'syntax = "proto3";\npackage my.awesome.customer.v1;\n\n'
      + 'import "my/awesome/customer/v1/nested_value.proto";\nimport "google/protobuf/timestamp.proto";\n\n'
      + 'option java_multiple_files = true;\noption ruby_package = "My::Awesome::Customer::V1";\n\nmessage EventValue {\n'
      + `  ${qualified ? '.my.awesome.customer.v1.' : ''}NestedValue nested_value = 1;\n`
      + `  ${qualified ? '.' : ''}google.protobuf.Timestamp created_at = 2;\n}\n`;
    const id = await register('kp-event', proto(event(false), refs), '?normalize=true');
    assert.equal(await register('kp-event', proto(event(true), refs), '?normalize=true'), id);
    assert.match((await api.get(`/schemas/ids/${id}`)).body.schema,
      /\.my\.awesome\.customer\.v1\.NestedValue nested_value = 1;\n {2}\.google\.protobuf\.Timestamp created_at = 2;/);
  });

  for (const pkg of ['a1', '']) {
    it(`compares types from references${pkg === '' ? ' without a package' : ''}: a changed referenced field breaks BACKWARD`, async () => {
      const subject = `kp-deps-${pkg || 'nopkg'}`;
      await api.put(`/config/${subject}`, { compatibility: 'BACKWARD' });
      await register(`${subject}-c1`, proto(container(pkg, 'string')));
      await register(`${subject}-c2`, proto(container(pkg, 'int32')));
      await register(`${subject}-c3`, proto(container(pkg, 'string')));
      await register(subject, proto(usingContainer(pkg, 'container1.proto'), [{ name: 'container1.proto', subject: `${subject}-c1`, version: 1 }]));
      const check = async (dependency: string) => (await api.post(`/compatibility/subjects/${subject}/versions/latest`,
        proto(usingContainer(pkg, 'container2.proto'), [{ name: 'container2.proto', subject: dependency, version: 1 }]))).body;
      assert.deepEqual(await check(`${subject}-c3`), { is_compatible: true });
      assert.deepEqual(await check(`${subject}-c2`), { is_compatible: false });
    });
  }

  it('follows Confluent where Karapace\'s checker differs: a package change breaks, a renumbered field does not', async () => {
    await api.put('/config/kp-package', { compatibility: 'BACKWARD' });
    const inPackage = (pkg: string) => `syntax = "proto3";\npackage ${pkg};\nmessage TestMessage {\n    message Value {\n`
      + `        string str = 1;\n    }\n    string test = 1;\n    .${pkg}.TestMessage.Value val = 2;\n}\n`;
    await register('kp-package', proto(inPackage('a1')));
    const moved = await api.post('/compatibility/subjects/kp-package/versions/latest?verbose=true', proto(inPackage('a2')));
    assert.equal(moved.body.is_compatible, false, moved.text);
    assert.match(moved.body.messages[0], /PACKAGE_CHANGED/);

    // Karapace reports FIELD_TAG_ALTER; Confluent sees a removed field and an added one, both compatible.
    await api.put('/config/kp-renumber', { compatibility: 'BACKWARD' });
    const foo = (n: number) => `syntax = "proto3";\npackage pkg;\nmessage Foo {\n    string fieldA = 1;\n    string fieldB = 2;\n`
      + `    string fieldC = 3;\n    string fieldX = ${n};\n}\n`;
    await register('kp-renumber', proto(foo(4)));
    assert.deepEqual((await api.post('/compatibility/subjects/kp-renumber/versions/latest', proto(foo(5)))).body, { is_compatible: true });
  });

  it('takes references only as an array (null and [] mean none)', async () => {
    const simple = 'syntax = "proto3";\n\nmessage Msg {\n  string name = 1;\n}\n';
    for (const references of [1, 'foo', false, { this_is_object: true }]) {
      const res = await api.post('/subjects/kp-refs/versions', { schemaType: 'PROTOBUF', schema: simple, references });
      assert.equal(res.status, 400, JSON.stringify(references));
    }
    const id = await register('kp-refs', { schemaType: 'PROTOBUF', schema: simple, references: null });
    assert.equal(await register('kp-refs', { schemaType: 'PROTOBUF', schema: simple, references: [] }), id);
  });
});
