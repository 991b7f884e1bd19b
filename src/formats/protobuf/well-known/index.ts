// The files every schema may import without a registry reference, as Confluent's ProtobufSchema bundles them
// (KNOWN_DEPENDENCIES): google/protobuf well-known types, google/type common types, and Confluent's own.
import { CONFLUENT_FILES, confluentSource } from './confluent.ts';
import { GOOGLE_PROTOBUF_FILES, googleProtobufSource } from './google-protobuf.ts';
import { GOOGLE_TYPE_FILES, googleTypeSource } from './google-type.ts';

export const WELL_KNOWN_FILES: readonly string[] = [...GOOGLE_PROTOBUF_FILES, ...GOOGLE_TYPE_FILES, ...CONFLUENT_FILES];

/** The .proto text of a bundled file, or undefined when `path` is not one. */
export function wellKnownSource(path: string): string | undefined {
  if (path.startsWith('google/protobuf/')) return googleProtobufSource(path);
  if (path.startsWith('google/type/')) return googleTypeSource(path);
  return confluentSource(path);
}
