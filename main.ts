// The cdk8s app (cdk8s.yaml `app`): everything lives in lib/ and constructs/; this only runs the synth command.
import { synth } from './lib/cli/synth';

process.exitCode = synth(process.argv.slice(2));
