// JSON Schema data for the REST proxy: the value is validated against the schema and sent as its JSON text.
import { DataError, type Serde } from '../format.ts';
import type { JsonSchema } from './json-schema.ts';

export function jsonSchemaSerde(schema: JsonSchema): Serde {
  const check = (value: unknown) => {
    const result = schema.check(value);
    if (!result.valid) {
      const reasons = result.errors.slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
      throw new DataError(`the value does not match the JSON schema: ${reasons}`);
    }
  };
  return {
    encode(value: unknown): Buffer {
      check(value);
      return Buffer.from(JSON.stringify(value));
    },
    decode(payload: Buffer): unknown {
      try {
        return JSON.parse(payload.toString('utf8'));
      } catch (error) {
        throw new DataError(`the bytes are not JSON: ${(error as Error).message}`);
      }
    },
  };
}
