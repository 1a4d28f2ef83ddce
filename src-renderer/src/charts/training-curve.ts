// The queue's live training curve. Not a paper figure (those come from shared/charts): it is
// the loss and accuracy a job reports while it trains, step by step and per epoch.
import type { EChartsOption } from 'echarts';
import type { EpochRecord } from '../../../shared/results';
import type { CurvePoint } from '../lib/live-curve';

export function trainingCurveOption(live: CurvePoint[], epochs: EpochRecord[], theme: 'light' | 'dark', totalEpochs?: number): EChartsOption {
  const text = theme === 'dark' ? '#c9d1dc' : '#3a4554';
  const grid = theme === 'dark' ? '#2c3440' : '#e6e9ee';
  const axis = { axisLine: { lineStyle: { color: grid } }, splitLine: { lineStyle: { color: grid } }, axisLabel: { color: text }, nameTextStyle: { color: text } };
  const sorted = [...epochs].sort((a, b) => a.epoch - b.epoch);
  return {
    animation: false,
    textStyle: { color: text },
    color: ['#e4572e', '#2f6fde'],
    tooltip: { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? v.toFixed(3) : String(v)) },
    legend: { top: 0, textStyle: { color: text } },
    grid: { left: 52, right: 56, top: 64, bottom: 40 },
    xAxis: { type: 'value', name: 'epoch', nameLocation: 'middle', nameGap: 26, min: 0, ...(totalEpochs ? { max: totalEpochs } : {}), ...axis },
    yAxis: [
      { type: 'value', name: 'loss', min: 0, ...axis },
      { type: 'value', name: 'accuracy', min: 0, max: 1, ...axis, splitLine: { show: false } },
    ],
    // One series per quantity, so the legend never lists "train loss" twice: while a job
    // reports steps, train loss and accuracy are the step-level curves (each point the mean
    // since the previous one, lib/live-curve.ts); once it has finished, the stored per-epoch
    // means. Validation accuracy exists per epoch only.
    series: [
      ...(live.length ? [
        { name: 'train loss', type: 'line' as const, showSymbol: live.length < 40, symbolSize: 4, data: live.map((p) => [p.x, p.loss]), yAxisIndex: 0 },
        { name: 'train accuracy', type: 'line' as const, showSymbol: live.length < 40, symbolSize: 4, data: live.map((p) => [p.x, p.accuracy]), yAxisIndex: 1 },
      ] : [
        { name: 'train loss', type: 'line' as const, symbolSize: 5, data: sorted.map((e) => [e.epoch, e.trainLoss]), yAxisIndex: 0 },
        { name: 'train accuracy', type: 'line' as const, symbolSize: 5, data: sorted.map((e) => [e.epoch, e.trainAccuracy]), yAxisIndex: 1 },
      ]),
      { name: 'validation accuracy', type: 'line' as const, symbolSize: 7, data: sorted.map((e) => [e.epoch, e.valAccuracy]), yAxisIndex: 1, itemStyle: { color: '#17a589' }, lineStyle: { color: '#17a589' } },
    ],
  };
}
