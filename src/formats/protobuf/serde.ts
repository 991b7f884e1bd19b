// Protobuf data for the REST proxy: a JSON object (proto field names; enums by name; 64-bit integers as numbers or
// strings; bytes as base64) encoded as the message, after Confluent's message-index prefix: zigzag varints, the
// count then the indexes, with the first message's [0] written as a single 0.
import protobuf from 'protobufjs';
import { DataError, type Serde } from '../format.ts';
import type { ProtobufSchema } from './schema.ts';

export function encodeMessageIndexes(indexes: readonly number[]): Buffer {
  if (indexes.length === 1 && indexes[0] === 0) return Buffer.from([0]);
  const writer = protobuf.Writer.create();
  writer.sint32(indexes.length);
  for (const index of indexes) writer.sint32(index);
  return Buffer.from(writer.finish());
}

/** Reads the message indexes at the start of `payload`; answers them and where the message starts. */
export function decodeMessageIndexes(payload: Buffer): { indexes: number[]; offset: number } {
  const reader = protobuf.Reader.create(payload);
  const count = reader.sint32();
  if (count === 0) return { indexes: [0], offset: reader.pos };
  if (count < 0 || count > 100) throw new DataError('invalid Protobuf message indexes');
  const indexes: number[] = [];
  for (let i = 0; i < count; i++) indexes.push(reader.sint32());
  return { indexes, offset: reader.pos };
}

const LONGS = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);

/** Proto3's JSON mapping writes 64-bit integers as strings and enums by name; protobufjs' verify wants numbers. */
function longsFromStrings(type: protobuf.Type, value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...value };
  for (const field of type.fieldsArray) {
    const v = out[field.name];
    if (v === undefined || v === null) continue;
    const convert = (item: unknown): unknown => {
      if (LONGS.has(field.type) && typeof item === 'string' && /^-?\d+$/.test(item)) {
        return protobuf.util.LongBits.from(item).toLong(field.type.startsWith('u') || field.type === 'fixed64');
      }
      if (field.resolvedType instanceof protobuf.Enum && typeof item === 'string' && item in field.resolvedType.values) {
        return field.resolvedType.values[item];
      }
      if (field.resolvedType instanceof protobuf.Type && typeof item === 'object' && item !== null && !Array.isArray(item)) {
        return longsFromStrings(field.resolvedType, item as Record<string, unknown>);
      }
      return item;
    };
    if (field.map && typeof v === 'object') {
      out[field.name] = Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, item]) => [k, convert(item)]));
    } else {
      out[field.name] = Array.isArray(v) ? v.map(convert) : convert(v);
    }
  }
  return out;
}

export function protobufSerde(schema: ProtobufSchema, options: { messageName?: string } = {}): Serde {
  const name = options.messageName ?? schema.messageNameAt([0]);
  const indexes = name === undefined ? undefined : schema.messageIndexes(name);
  const type = name === undefined ? undefined : schema.lookupType(name);
  if (!type || !indexes) throw new DataError(name === undefined ? 'the schema has no message' : `the schema has no message ${name}`);
  const prefix = encodeMessageIndexes(indexes);
  return {
    encode(value: unknown): Buffer {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new DataError('a Protobuf value must be a JSON object');
      let message: protobuf.Message;
      try {
        const object = longsFromStrings(type, value as Record<string, unknown>);
        const problem = type.verify(object);
        if (problem) throw new Error(problem);
        message = type.fromObject(object);
      } catch (error) {
        throw new DataError(`the value does not match the Protobuf message ${type.fullName.slice(1)}: ${(error as Error).message}`);
      }
      return Buffer.concat([prefix, type.encode(message).finish()]);
    },
    decode(payload: Buffer): unknown {
      try {
        const { indexes: at, offset } = decodeMessageIndexes(payload);
        const messageName = schema.messageNameAt(at);
        const messageType = messageName === undefined ? undefined : schema.lookupType(messageName);
        if (!messageType) throw new Error(`no message at indexes [${at.join(', ')}]`);
        const message = messageType.decode(payload.subarray(offset));
        return messageType.toObject(message, { enums: String, longs: String, bytes: String, defaults: true, json: true });
      } catch (error) {
        throw new DataError(`the bytes do not decode with the Protobuf schema: ${(error as Error).message}`);
      }
    },
  };
}
