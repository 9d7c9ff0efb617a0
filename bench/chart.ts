// vega-lite ships ESM with `exports` only, which this project's `moduleResolution: node` cannot type: the one
// function used is typed here.
interface VegaLite {
  compile(spec: object): { spec: object };
}
const VEGA_LITE = 'vega-lite';

export interface Point {
  readonly series: string;
  readonly teams: number;
  readonly seconds: number;
}

/** A PNG line chart of time against team count, one line per series: vega-lite → vega SVG → resvg PNG. */
export async function chartPng(points: readonly Point[], title: string): Promise<Buffer> {
  const vega = await import('vega');
  const vegaLite = (await import(VEGA_LITE)) as VegaLite;
  const { Resvg } = await import('@resvg/resvg-js');
  const spec = {
    title,
    width: 640,
    height: 400,
    background: 'white',
    data: { values: points.map((p) => ({ ...p })) },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'teams', type: 'quantitative', scale: { type: 'log' }, title: 'teams in teams.yaml (log scale)' },
      y: { field: 'seconds', type: 'quantitative', scale: { type: 'log' }, title: 'seconds, median (log scale)' },
      color: { field: 'series', type: 'nominal', title: null, legend: { orient: 'top-left', labelLimit: 400 } },
    },
  };
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec as Parameters<typeof vega.parse>[0]), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 }, font: { loadSystemFonts: true } }).render().asPng();
}
