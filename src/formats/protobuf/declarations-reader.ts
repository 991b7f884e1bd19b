// Readers for the declarations that do not depend on the file's syntax: enums, reserved and extension ranges,
// services and their rpcs.
import type {
  EnumConstantElement,
  EnumElement,
  OptionElement,
  ReservedElement,
  RpcElement,
  ServiceElement,
  TagRange,
} from './ast.ts';
import { MAX_TAG } from './ast.ts';
import { readBracketedOptions, readOption } from './options-reader.ts';
import type { Reader } from './reader.ts';

export function readEnum(r: Reader, line: number): EnumElement {
  const name = r.readIdentifier('an enum name');
  const options: OptionElement[] = [];
  const constants: EnumConstantElement[] = [];
  const reserveds: ReservedElement[] = [];
  r.require('{');
  while (!r.tryChar('}')) {
    if (r.tryChar(';')) continue;
    const at = r.line;
    const word = r.readWord('an enum value');
    if (word === 'option') {
      options.push(readOption(r));
      r.require(';');
    } else if (word === 'reserved') {
      reserveds.push({ values: readRanges(r, true) });
      r.require(';');
    } else {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(word)) throw r.error(`expected an enum value name but found '${word}'`, at);
      r.require('=');
      const tag = r.readInt('an enum value number');
      const constantOptions = readBracketedOptions(r);
      r.require(';');
      constants.push({ name: word, tag, options: constantOptions, line: at });
    }
  }
  return { kind: 'enum', name, options, constants, reserveds, line };
}

/** `reserved` / `extensions` values up to the `;`: numbers, `a to b`, `a to max`, and (reserved only) names. */

export function readRanges(r: Reader, allowNames: boolean): (number | string | TagRange)[] {
  const values: (number | string | TagRange)[] = [];
  for (;;) {
    const c = r.peekChar();
    if (allowNames && (c === '"' || c === "'")) {
      values.push(r.readQuotedString());
    } else {
      const start = r.readInt('a number');
      if (r.peekWord() === 'to') {
        r.readWord();
        const end = r.peekWord() === 'max' ? (r.readWord(), MAX_TAG) : r.readInt('a number or max');
        if (end < start) throw r.error(`range ${start} to ${end} ends before it starts`);
        values.push([start, end]);
      } else {
        values.push(start);
      }
    }
    if (!r.tryChar(',')) return values;
  }
}


export function readService(r: Reader, line: number): ServiceElement {
  const name = r.readIdentifier('a service name');
  const rpcs: RpcElement[] = [];
  const options: OptionElement[] = [];
  r.require('{');
  while (!r.tryChar('}')) {
    if (r.tryChar(';')) continue;
    const at = r.line;
    const word = r.readWord("'rpc' or 'option'");
    if (word === 'option') {
      options.push(readOption(r));
      r.require(';');
    } else if (word === 'rpc') {
      rpcs.push(readRpc(r, at));
    } else {
      throw r.error(`unexpected '${word}' in service ${name}`, at);
    }
  }
  return { name, rpcs, options, line };
}

function readRpc(r: Reader, line: number): RpcElement {
  const name = r.readIdentifier('an rpc name');
  const [requestStreaming, requestType] = readRpcType(r);
  const returns = r.readWord("'returns'");
  if (returns !== 'returns') throw r.error(`expected 'returns' but found '${returns}'`);
  const [responseStreaming, responseType] = readRpcType(r);
  const options: OptionElement[] = [];
  if (r.tryChar('{')) {
    while (!r.tryChar('}')) {
      if (r.tryChar(';')) continue;
      const word = r.readWord("'option'");
      if (word !== 'option') throw r.error(`expected 'option' but found '${word}'`);
      options.push(readOption(r));
      r.require(';');
    }
  } else {
    r.require(';');
  }
  return { name, requestType, responseType, requestStreaming, responseStreaming, options, line };
}

function readRpcType(r: Reader): [boolean, string] {
  r.require('(');
  let word = r.readWord('a message type');
  let streaming = false;
  if (word === 'stream' && r.peekChar() !== ')') {
    streaming = true;
    word = r.readWord('a message type');
  }
  const type = r.readTypeName('a message type', word);
  r.require(')');
  return [streaming, type];
}
