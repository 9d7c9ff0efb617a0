// Child process of the benchmark: stock cdk8s on the objects our app writes, the way a cdk8s app is usually
// written (one App, one Chart per output file, `app.synth()`). Prints the milliseconds of that work as JSON.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { ApiObject, App, Chart } from 'cdk8s';
import type { Manifest } from '../lib/synth/render';

const [input, outdir] = process.argv.slice(2);
const manifests = JSON.parse(readFileSync(input, 'utf8')) as Manifest[];
const start = performance.now();
const app = new App({ outdir });
for (const manifest of manifests) {
  const chart = new Chart(app, manifest.file.replace(/\.yaml$/, ''), { disableResourceNameHashes: true });
  manifest.objects.forEach((object, i) => new ApiObject(chart, `object-${i}`, object as ConstructorParameters<typeof ApiObject>[2]));
}
app.synth();
process.stdout.write(`${JSON.stringify({ ms: performance.now() - start })}\n`);
