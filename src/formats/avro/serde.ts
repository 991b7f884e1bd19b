// Avro data for the REST proxy: JSON in Avro's JSON encoding (unions wrapped as {"type": value}, bytes and fixed as
// strings of code points), as Confluent's REST Proxy reads and writes it; binary through avsc, built once per schema
// from the resolved form (references inlined).
import avsc from 'avsc';
import { DataError, type Serde } from '../format.ts';
import type { AvroParsedSchema } from './parsed-schema.ts';

export function avroSerde(schema: AvroParsedSchema): Serde {
  let type: avsc.Type;
  try {
    type = avsc.Type.forSchema(JSON.parse(schema.formatted('resolved')) as avsc.Schema, { wrapUnions: true });
  } catch (error) {
    throw new DataError(`the schema cannot be used for data: ${(error as Error).message}`);
  }
  return {
    encode(value: unknown): Buffer {
      let datum: unknown;
      try {
        datum = type.fromString(JSON.stringify(value));
      } catch (error) {
        throw new DataError(`the value does not match the Avro schema: ${(error as Error).message}`);
      }
      const problems: string[] = [];
      if (!type.isValid(datum, { errorHook: (path) => problems.push(path.join('.') || '(root)') })) {
        throw new DataError(`the value does not match the Avro schema at ${problems.join(', ')}`);
      }
      return type.toBuffer(datum);
    },
    decode(payload: Buffer): unknown {
      try {
        return JSON.parse(type.toString(type.fromBuffer(payload)));
      } catch (error) {
        throw new DataError(`the bytes do not decode with the Avro schema: ${(error as Error).message}`);
      }
    },
  };
}
