// `npm run bench:formats`: parse + canonical form, and a BACKWARD check, of a realistic schema of each type (ops/s).
import { formatOf } from '../../src/formats/index.ts';
import type { SchemaType } from '../../src/formats/format.ts';

const fields = Array.from({ length: 30 }, (_, i) => i);
const avro = (extra: boolean) => JSON.stringify({
  type: 'record', name: 'Order', namespace: 'shop.v1', doc: 'An order',
  fields: [
    ...fields.map((i) => ({ name: `f${i}`, type: i % 3 === 0 ? ['null', 'string'] : i % 3 === 1 ? 'long' : { type: 'array', items: 'double' }, ...(i % 3 === 0 ? { default: null } : {}) })),
    { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['NEW', 'PAID', 'SHIPPED'] } },
    { name: 'address', type: { type: 'record', name: 'Address', fields: [{ name: 'street', type: 'string' }, { name: 'zip', type: 'string' }] } },
    ...(extra ? [{ name: 'note', type: ['null', 'string'], default: null }] : []),
  ],
});
const json = (extra: boolean) => JSON.stringify({
  $schema: 'http://json-schema.org/draft-07/schema#', title: 'Order', type: 'object',
  properties: {
    ...Object.fromEntries(fields.map((i) => [`f${i}`, i % 2 ? { type: 'integer', minimum: 0 } : { type: 'string', maxLength: 64 }])),
    address: { $ref: '#/definitions/Address' },
    ...(extra ? { note: { type: 'string' } } : {}),
  },
  required: ['f0', 'f1'],
  definitions: { Address: { type: 'object', properties: { street: { type: 'string' }, zip: { type: 'string' } } } },
});
const proto = (extra: boolean) => `syntax = "proto3";
package shop.v1;
import "google/protobuf/timestamp.proto";
message Order {
${fields.map((i) => `  ${i % 2 ? 'int64' : 'string'} f${i} = ${i + 1};`).join('\n')}
  google.protobuf.Timestamp placed_at = 40;
  Address address = 41;
  enum Status { NEW = 0; PAID = 1; SHIPPED = 2; }
  Status status = 42;
${extra ? '  string note = 43;\n' : ''}}
message Address {
  string street = 1;
  string zip = 2;
}
`;

function opsPerSecond(work: () => void, ms = 1500): number {
  for (let i = 0; i < 200; i++) work();
  let count = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    for (let i = 0; i < 50; i++) work();
    count += 50;
  }
  return Math.round(count / ((performance.now() - start) / 1000));
}

const cases: [SchemaType, (extra: boolean) => string][] = [['AVRO', avro], ['JSON', json], ['PROTOBUF', proto]];
console.log('| type | schema bytes | parse + canonical ops/s | BACKWARD check ops/s |');
console.log('|---|---|---|---|');
for (const [type, make] of cases) {
  const format = formatOf(type);
  const oldText = make(false);
  const newText = make(true);
  const parse = opsPerSecond(() => format.parse(oldText, []).canonical);
  const a = format.parse(oldText, []);
  const b = format.parse(newText, []);
  const found = format.canRead(b, a).length;
  const check = opsPerSecond(() => format.canRead(b, a));
  console.log(`| ${type} | ${oldText.length} | ${parse} | ${check} (${found} incompatibilities) |`);
}
