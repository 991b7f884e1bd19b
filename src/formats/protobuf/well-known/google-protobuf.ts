// The google/protobuf/*.proto files, taken from what protobufjs ships: `protobuf.common` carries any, duration,
// timestamp, empty, struct, wrappers and field_mask as JSON (printed back to .proto text here), and the package
// holds .proto sources for api, type, source_context and descriptor.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

const COMMON = ['any', 'duration', 'timestamp', 'empty', 'struct', 'wrappers', 'field_mask'];
const SHIPPED = ['api', 'type', 'source_context', 'descriptor'];

export const GOOGLE_PROTOBUF_FILES: readonly string[] = [...COMMON, ...SHIPPED].map(
  (name) => `google/protobuf/${name}.proto`,
);

export function googleProtobufSource(path: string): string | undefined {
  const name = /^google\/protobuf\/([a-z_]+)\.proto$/.exec(path)?.[1];
  if (name === undefined) return undefined;
  if (COMMON.includes(name)) {
    const root = protobuf.common.get(path);
    return root === null ? undefined : printCommon(root);
  }
  if (SHIPPED.includes(name)) {
    return readFileSync(fileURLToPath(import.meta.resolve(`protobufjs/${path}`)), 'utf8');
  }
  return undefined;
}

// protobufjs JSON descriptors are loosely typed; these are the parts the bundled files use.
interface JsonField {
  readonly type: string;
  readonly id: number;
  readonly rule?: string;
  readonly keyType?: string;
  readonly protoName?: string;
}
interface JsonNode {
  readonly fields?: Readonly<Record<string, JsonField>>;
  readonly oneofs?: Readonly<Record<string, { readonly oneof: readonly string[] }>>;
  readonly values?: Readonly<Record<string, number>>;
  readonly nested?: Readonly<Record<string, JsonNode>>;
}

/** Prints a `protobuf.common` definition (all in package google.protobuf, proto3) as .proto text. */
function printCommon(root: protobuf.INamespace): string {
  const top = root as JsonNode;
  const types = top.nested?.['google']?.nested?.['protobuf']?.nested ?? {};
  const lines = ['syntax = "proto3";', 'package google.protobuf;', ''];
  for (const [name, node] of Object.entries(types)) printNode(lines, name, node, '');
  return `${lines.join('\n')}\n`;
}

function printNode(lines: string[], name: string, node: JsonNode, indent: string): void {
  if (node.values !== undefined) {
    lines.push(`${indent}enum ${name} {`);
    for (const [constant, value] of Object.entries(node.values)) lines.push(`${indent}  ${constant} = ${value};`);
    lines.push(`${indent}}`);
    return;
  }
  lines.push(`${indent}message ${name} {`);
  const fields = node.fields ?? {};
  const inOneof = new Set(Object.values(node.oneofs ?? {}).flatMap((o) => o.oneof));
  const field = (key: string, f: JsonField, inner: string): string => {
    const type = f.keyType === undefined ? f.type : `map<${f.keyType}, ${f.type}>`;
    const label = f.rule === 'repeated' ? 'repeated ' : '';
    return `${inner}${label}${type} ${f.protoName ?? key} = ${f.id};`;
  };
  for (const [key, f] of Object.entries(fields)) {
    if (!inOneof.has(key)) lines.push(field(key, f, `${indent}  `));
  }
  for (const [oneof, { oneof: members }] of Object.entries(node.oneofs ?? {})) {
    lines.push(`${indent}  oneof ${oneof} {`);
    for (const key of members) {
      const f = fields[key];
      if (f !== undefined) lines.push(field(key, f, `${indent}    `));
    }
    lines.push(`${indent}  }`);
  }
  for (const [nested, child] of Object.entries(node.nested ?? {})) printNode(lines, nested, child, `${indent}  `);
  lines.push(`${indent}}`);
}
