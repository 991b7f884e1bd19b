// Confluent's own bundled files: confluent/meta.proto (the `doc`/`params`/`tags` metadata options, extension
// number 1088 on every options message) and confluent/type/decimal.proto (bytes value, precision, scale).

const META = `syntax = "proto3";
package confluent;

import "google/protobuf/descriptor.proto";

message Meta {
  string doc = 1;
  map<string, string> params = 2;
  repeated string tags = 3;
}

extend google.protobuf.FileOptions {
  Meta file_meta = 1088;
}
extend google.protobuf.MessageOptions {
  Meta message_meta = 1088;
}
extend google.protobuf.FieldOptions {
  Meta field_meta = 1088;
}
extend google.protobuf.EnumOptions {
  Meta enum_meta = 1088;
}
extend google.protobuf.EnumValueOptions {
  Meta enum_value_meta = 1088;
}
`;

const DECIMAL = `syntax = "proto3";
package confluent.type;

message Decimal {
  bytes value = 1;
  uint32 precision = 2;
  int32 scale = 3;
}
`;

const SOURCES: Readonly<Record<string, string>> = {
  'confluent/meta.proto': META,
  'confluent/type/decimal.proto': DECIMAL,
};

export const CONFLUENT_FILES: readonly string[] = Object.keys(SOURCES);

export const confluentSource = (path: string): string | undefined =>
  Object.hasOwn(SOURCES, path) ? SOURCES[path] : undefined;
