#!/usr/bin/env node
// `coreweave-rbac COMMAND [ARGS...]` (package.json bin): every command of lib/cli, started as bin/run.js starts them.
'use strict';
process.argv.splice(2, 0, 'lib/cli/index.ts');
require('./run.js');
