#!/usr/bin/env node
// Installed command `karapace_mkpasswd`: runs src/cli/mkpasswd.ts with Node's type stripping (Node >= 22.18).
import { main } from '../src/cli/mkpasswd.ts';

await main(process.argv.slice(2));
