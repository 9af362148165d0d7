// node --import ./test/helpers/record-imports.mjs …: appends every module URL the program
// resolves to the file named by $LOADGATE_IMPORT_LOG (one per line), through a resolve hook.
import { register } from 'node:module';

register('./record-imports-hooks.mjs', import.meta.url, { data: { log: process.env.LOADGATE_IMPORT_LOG } });
