// Each chart builder on hand-made FigureData: series, points, axes, palette, missing data.
import { describe as group, expect, it } from 'vitest';
import type { CustomSeriesOption, EChartsOption } from 'echarts';
import type {
  AblationData, AccMatrixData, ActiveNeuronsData, ConfusionData, InvarianceBaselineData, InvarianceBySeenData,
  InvarianceTrendData, InvarianceVsAccuracyData, LayerwiseData, QuadrantsData, WithinAcrossData,
} from '../../shared/figures';
import { FIGURE_IDS } from '../../shared/figure-defs/index';
import { FIGURE_TITLE } from '../../shared/figure-defs/index';
import { buildChartOption, chartSize } from '../../shared/charts';
import { ACCURACY_RAMP } from '../../shared/charts/acc-matrix';
import { COUNT_RAMP } from '../../shared/charts/confusion';
import { ABLATION_SERIES } from '../../shared/charts/lines';
import { AXIS_NAME, GROUP_COLOR, OKABE_ITO, TRANSFORM_COLOR, themeColors } from '../../shared/charts/style';

type AnySeries = { type: string; name?: string; data: unknown[]; color?: string; itemStyle?: { color?: string }; xAxisIndex?: number; markLine?: { data: { xAxis: number }[] } };
const seriesOf = (o: EChartsOption) => (o.series as AnySeries[]) ?? [];
const axes = (o: EChartsOption, k: 'xAxis' | 'yAxis') => ([] as { name?: string; data?: string[] }[]).concat(o[k] as never);
const okabe = new Set(Object.values(OKABE_ITO).map((c) => c.toLowerCase()));
const base = { experimentId: 'e', missing: [] as string[] };
const light = { theme: 'light' as const };

group('acc-matrix', () => {
  const d: AccMatrixData = {
    ...base, figure: 'acc-matrix', title: 'Acc', trainedWith: ['blur', 'rot90'], testedOn: ['clean', 'blur', 'rot90'],
    accuracy: [[90, 60, 20], [88, null, 55]], cleanRow: [91, 15, 12],
  };
  it('draws one labelled cell per known accuracy, the clean network first', () => {
    const o = buildChartOption(d, light);
    const [s] = seriesOf(o);
    expect(s!.type).toBe('heatmap');
    expect(s!.data).toHaveLength(8); // 9 cells, one null
    expect(axes(o, 'yAxis')[0]!.data).toEqual(['None (x only)', 'Blur', 'Rotation 90°']);
    expect(axes(o, 'xAxis')[0]!.data).toEqual(['Clean', 'Blur', 'Rotation 90°']);
    expect(axes(o, 'xAxis')[0]!.name).toBe(AXIS_NAME.testedOn);
    expect((o.visualMap as { inRange: { color: string[] } }).inRange.color).toEqual(ACCURACY_RAMP);
    const values = (s!.data as { value: number[] }[]).map((c) => c.value);
    expect(values).toContainEqual([0, 0, 91]);
    expect(values).toContainEqual([2, 2, 55]);
    expect(values.some((v) => v[0] === 1 && v[1] === 2)).toBe(false);
  });
});

group('within-across', () => {
  const pts = (vals: (number | null)[]) => vals.map((v, i) => ({ seenCount: ([0, 1, 'all'] as const)[i]!, x: [0, 1, 10][i]!, value: v, jobId: `j${i}` }));
  const d: WithinAcrossData = {
    ...base, figure: 'within-across', title: 'WA',
    series: [
      { transform: 'blur', family: 'convolutional', within: pts([null, 80, 70]), across: pts([20, 40, null]) },
      { transform: 'rot90', family: 'geometric', within: pts([null, 75, 60]), across: pts([10, 30, null]) },
      { transform: 'highpass', family: 'convolutional', within: pts([null, 70, 65]), across: pts([15, null, null]) },
    ],
  };
  it('has a within and an across line per transformation, one column per family', () => {
    const o = buildChartOption(d, light);
    const s = seriesOf(o);
    expect(s).toHaveLength(6);
    expect((o.grid as unknown[]).length).toBe(4); // 2 rows x 2 families
    // Series in the one transformation order (blur, high-pass, rotation), nulls dropped.
    expect(s.map((x) => x.data.length)).toEqual([2, 2, 2, 1, 2, 2]);
    expect(s[0]!.color).toBe(TRANSFORM_COLOR.blur);
    const groups = new Set(Object.values(GROUP_COLOR).map((c) => c.toLowerCase()));
    expect(s.some((x) => groups.has(String(x.color).toLowerCase()))).toBe(false);
    expect(axes(o, 'xAxis')[0]!.data).toEqual(['0', '1', 'All (10)']);
    expect(axes(o, 'xAxis').filter((a) => a.name === AXIS_NAME.seenCount)).toHaveLength(2);
    expect(axes(o, 'yAxis').map((a) => a.name).filter(Boolean)).toEqual(['Within-category accuracy (%)', 'Across-category accuracy (%)']);
    expect((s[0]!.data[0] as { jobId: string }).jobId).toBe('j1');
    expect((o.legend as { data: { name: string }[] }).data.map((x) => x.name)).toEqual(['Blur', 'High-pass filter', 'Rotation 90°']);
    // The tooltip names the transformation, the seen count, the rounded value and n.
    const tip = (s[0]!.data[0] as { tip: string[] }).tip;
    expect(tip).toContain('Trained with: Blur');
    expect(tip).toContain('Seen-transformed categories: 1');
    expect(tip).toContain('Within-category accuracy: 80.0%');
  });
});

group('confusion', () => {
  const d: ConfusionData = {
    ...base, figure: 'confusion', title: 'C', jobId: 'j', condition: 'blur', classes: ['a', 'b', 'c'],
    counts: [[5, 1, 0], [2, 3, 1], [0, 0, 6]], seenCategories: [1],
  };
  it('is a class x class heatmap with counts on hover and seen categories marked', () => {
    const o = buildChartOption(d, { theme: 'light', interactive: true });
    const [s] = seriesOf(o);
    expect(s!.data).toHaveLength(9);
    expect((o.visualMap as { max: number; inRange: { color: string[] } }).max).toBe(6);
    expect((o.visualMap as { inRange: { color: string[] } }).inRange.color).toEqual(COUNT_RAMP);
    const fmt = (o.tooltip as { formatter: (p: unknown) => string }).formatter;
    const cell = (s!.data as { value: number[] }[]).find((c) => c.value[0] === 0 && c.value[1] === 1)!;
    expect(fmt({ data: cell })).toContain('True: b');
    expect(fmt({ data: cell })).toContain('2 images (33.3% of the category)');
    // Category names are data: escaped, never markup (checked in Chromium by e2e/browser/tooltip-escaping).
    const hostile = buildChartOption({ ...d, classes: ['<img src=x onerror=alert(1)>', 'b', 'c'] }, { theme: 'light', interactive: true });
    const hf = (hostile.tooltip as { formatter: (p: unknown) => string }).formatter;
    expect(hf({ data: (seriesOf(hostile)[0]!.data as unknown[])[0] })).toContain('True: &lt;img src=x onerror=alert(1)&gt;<br/>');
    const color = (o.yAxis as { axisLabel: { color: (v: string, i: number) => string } }).axisLabel.color;
    expect(color('b', 1)).toBe(GROUP_COLOR.seen);
    expect(color('a', 0)).toBe(themeColors('light').text);
  });
  it('a missing matrix draws the reason instead', () => {
    const o = buildChartOption({ ...d, counts: [], missing: ['no confusion matrix stored for job j'] }, light);
    expect(seriesOf(o)).toHaveLength(0);
    expect(JSON.stringify(o.graphic)).toContain('no confusion matrix stored for job j');
  });
});

group('confusion-quadrants', () => {
  const row = (transform: 'blur' | 'rot90', seenCount: number) => ({
    transform, seenCount, jobId: `${transform}${seenCount}`, seenAsSeen: 90, seenAsUnseen: 10, unseenAsSeen: seenCount === 5 ? null : 40, unseenAsUnseen: 60,
  });
  const d: QuadrantsData = { ...base, figure: 'confusion-quadrants', title: 'Q', rows: [row('blur', 1), row('blur', 5), row('rot90', 1), row('rot90', 5)] };
  it('one 2x2 panel per transformation and seen count', () => {
    const o = buildChartOption(d, light);
    const s = seriesOf(o);
    expect(s).toHaveLength(4);
    expect((o.grid as unknown[]).length).toBe(4);
    expect(s.map((x) => x.data.length)).toEqual([4, 3, 4, 3]);
    expect(axes(o, 'xAxis')[0]!.data).toEqual(['Seen', 'Unseen']);
    expect(axes(o, 'yAxis')[0]!.name).toBe('Blur');
  });
});

/** Calls a custom series' renderItem with a linear fake coordinate system. */
function drawViolin(s: CustomSeriesOption, dataIndex: number) {
  const item = (s.data as { value: number[] }[])[dataIndex]!;
  const api = {
    value: (i: number) => item.value[i],
    coord: ([x, y]: number[]) => [100 + 100 * x!, 500 - 400 * y!],
    size: () => [100, 400],
  };
  return (s.renderItem as (p: unknown, a: unknown) => { children: { type: string; style: { fill?: string }; shape: { points?: number[][] } }[] })({ dataIndex }, api);
}

group('violins', () => {
  const values = Array.from({ length: 200 }, (_, i) => ((i * 37) % 100) / 100);
  it('active neurons: two panels, one violin per transformation, coloured by transformation, carrying the jobId', () => {
    const d: ActiveNeuronsData = {
      ...base, figure: 'active-neurons', title: 'A',
      perImage: [{ label: 'Blur', values: values.map((v) => v * 30), jobId: 'a1', group: 'blur' }, { label: 'Rotation 90°', values, jobId: 'a2', group: 'rot90' }],
      perNeuron: [{ label: 'Blur', values, jobId: 'a1', group: 'blur' }],
    };
    const o = buildChartOption(d, light);
    const s = seriesOf(o) as unknown as CustomSeriesOption[];
    expect(s).toHaveLength(3);
    expect(s.map((x) => x.xAxisIndex)).toEqual([0, 0, 1]);
    expect(s[0]!.itemStyle!.color).toBe(TRANSFORM_COLOR.blur);
    expect((s[0]!.data as { jobId: string }[])[0]!.jobId).toBe('a1');
    expect(axes(o, 'yAxis').map((a) => a.name)).toEqual([AXIS_NAME.activePerImage, AXIS_NAME.imagesPerNeuron]);
    const g = drawViolin(s[0]!, 0);
    const poly = g.children.find((c) => c.type === 'polygon')!;
    expect(poly.style.fill).toBe(TRANSFORM_COLOR.blur);
    expect(poly.shape.points!.length).toBe(96); // 48 density points, mirrored
    // The violin spans the data's range on the value axis: 0 .. 29.7.
    const ys = poly.shape.points!.map((p) => p[1]!);
    expect(Math.max(...ys)).toBeCloseTo(500, 5);
    expect(Math.min(...ys)).toBeCloseTo(500 - 400 * 29.7, 3);
  });

  it('baseline: x + T(x) and x only side by side, in the fixed colours', () => {
    const d: InvarianceBaselineData = {
      ...base, figure: 'invariance-baseline', title: 'B',
      groups: [
        { transform: 'rot90', all: { label: 'r all', values, jobId: 'r1' }, none: { label: 'r none', values: values.map((v) => v / 2), jobId: 'r0' } },
        { transform: 'blur', all: { label: 'b all', values, jobId: 'b1' }, none: { label: 'b none', values: [] } },
      ],
    };
    const o = buildChartOption(d, light);
    const s = seriesOf(o) as unknown as CustomSeriesOption[];
    expect(s.map((x) => x.itemStyle!.color)).toEqual([GROUP_COLOR.all, GROUP_COLOR.none]);
    expect(s.map((x) => (x.data as unknown[]).length)).toEqual([2, 1]);
    expect(axes(o, 'xAxis')[0]!.data).toEqual(['Blur', 'Rotation 90°']); // paper order
    expect(axes(o, 'yAxis')[0]!.name).toBe(AXIS_NAME.invariance);
    // Two slots per category: x + T(x) left of centre, x only right of it.
    const left = drawViolin(s[0]!, 0).children.find((c) => c.type === 'polygon')!.shape.points!;
    const right = drawViolin(s[1]!, 0).children.find((c) => c.type === 'polygon')!.shape.points!;
    expect(Math.max(...left.map((p) => p[0]!))).toBeLessThan(Math.min(...right.map((p) => p[0]!)));
  });

  it('by seen count: seen and unseen per panel; no seen violin at 0, no unseen at all', () => {
    const dist = (label: string) => ({ label, values, jobId: label });
    const d: InvarianceBySeenData = {
      ...base, figure: 'invariance-by-seen', title: 'S',
      groups: [
        { transform: 'blur', seenCount: 0, seen: null, unseen: dist('b0u') },
        { transform: 'blur', seenCount: 2, seen: dist('b2s'), unseen: dist('b2u') },
        { transform: 'blur', seenCount: 'all', seen: dist('bas'), unseen: null },
      ],
    };
    const o = buildChartOption(d, light);
    const s = seriesOf(o) as unknown as CustomSeriesOption[];
    expect(s.map((x) => x.itemStyle!.color)).toEqual([GROUP_COLOR.seen, GROUP_COLOR.unseen]);
    expect(s.map((x) => (x.data as { value: number[] }[]).map((v) => v.value[0]))).toEqual([[1, 2], [0, 1]]);
    expect(axes(o, 'xAxis')[0]!.data).toEqual(['0', '2', 'All']);
  });
});

group('lines and scatter', () => {
  it('invariance trend: a line per transformation over seen counts', () => {
    const d: InvarianceTrendData = {
      ...base, figure: 'invariance-trend', title: 'T',
      series: [{ transform: 'noise', points: [{ seenCount: 0, x: 0, value: 0.2 }, { seenCount: 'all', x: 5, value: 0.6 }, { seenCount: 1, x: 1, value: 0.3 }] }],
    };
    const o = buildChartOption(d, light);
    const [s] = seriesOf(o);
    expect((s!.data as { value: number[] }[]).map((p) => p.value)).toEqual([[0, 0.2], [1, 0.3], [2, 0.6]]);
    expect(s!.color).toBe(TRANSFORM_COLOR.noise);
    expect(axes(o, 'yAxis')[0]!.name).toBe(AXIS_NAME.meanInvariance);
  });

  it('invariance vs accuracy: dots per transformation and panel, r with its interval in the heading', () => {
    const pts = [0.1, 0.3, 0.5, 0.7, 0.9].map((inv, i) => ({ transform: (i % 2 ? 'blur' : 'rot90') as 'blur' | 'rot90', seenCount: i, invariance: inv, accuracy: 20 + 60 * inv, jobId: `n${i}` }));
    const d: InvarianceVsAccuracyData = {
      ...base, figure: 'invariance-vs-accuracy', title: 'V',
      panels: [{ against: 'within', points: pts, r: 0.5, low: -0.2, high: 0.86, n: 5 }, { against: 'across', points: pts.slice(0, 2), r: null, low: null, high: null, n: 2 }],
    };
    const o = buildChartOption(d, light);
    const s = seriesOf(o);
    expect(s.map((x) => `${x.name}@${x.xAxisIndex}:${x.data.length}`)).toEqual(['Blur@0:2', 'Rotation 90°@0:3', 'Blur@1:1', 'Rotation 90°@1:1']);
    const headings = JSON.stringify(o.graphic);
    expect(headings).toContain('Within-category: r = 0.50 (95% CI -0.20 to 0.86), n = 5');
    expect(headings).toContain('Across-category: r not defined, n = 2');
    expect(axes(o, 'yAxis').map((a) => a.name)).toEqual(['Within-category accuracy (%)', 'Across-category accuracy (%)']);
  });

  it('ablation: four curves and the chosen tau marked', () => {
    const d: AblationData = {
      ...base, figure: 'ablation', title: 'Ab', jobId: 'j', tau: 0.3,
      points: [0, 0.5, 1].map((tau) => ({ tau, inactiveClean: 90 - tau, inactiveTransformed: 60, activeClean: 10, activeTransformed: 5 })),
    };
    const o = buildChartOption(d, light);
    const s = seriesOf(o);
    expect(s.map((x) => x.name)).toEqual(ABLATION_SERIES.map((x) => x.name));
    expect(s.every((x) => x.data.length === 3)).toBe(true);
    expect(s[0]!.markLine!.data[0]!.xAxis).toBe(0.3);
    expect(axes(o, 'xAxis')[0]!.name).toBe(AXIS_NAME.tau);
  });

  it('layerwise: all / seen / unseen panels per transformation, a line per seen count', () => {
    const layers = (m: number) => ['c1', 'c2', 'fc'].map((layer, i) => ({ layer, all: m * i, seen: m * i, unseen: i === 2 ? null : m }));
    const d: LayerwiseData = {
      ...base, figure: 'layerwise', title: 'L',
      series: [{ transform: 'blur', seenCount: 0, layers: layers(0.1) }, { transform: 'blur', seenCount: 'all', layers: layers(0.3) }],
    };
    const o = buildChartOption(d, light);
    expect((o.grid as unknown[]).length).toBe(3);
    const s = seriesOf(o);
    expect(s.map((x) => `${x.xAxisIndex}:${x.data.length}`)).toEqual(['0:3', '0:3', '1:3', '1:3', '2:2', '2:2']);
    expect(new Set(s.map((x) => x.color)).size).toBe(2);
  });
});

group('every builder', () => {
  it('handles a figure with no data by showing why, and the dark theme recolours text', () => {
    for (const figure of FIGURE_IDS) {
      const empty = {
        figure, experimentId: 'e', title: FIGURE_TITLE[figure], missing: [`nothing for ${figure}`],
        trainedWith: [], testedOn: [], accuracy: [], series: [], jobId: '', condition: 'clean', classes: [], counts: [],
        seenCategories: [], rows: [], perImage: [], perNeuron: [], groups: [], panels: [], tau: 0, points: [],
      } as never;
      const o = buildChartOption(empty, { theme: 'dark' });
      expect(seriesOf(o), figure).toHaveLength(0);
      expect(JSON.stringify(o.graphic), figure).toContain(`nothing for ${figure}`);
      expect((o.textStyle as { color: string }).color).toBe(themeColors('dark').text);
      expect(chartSize(empty).width).toBeGreaterThan(0);
    }
  });
});
