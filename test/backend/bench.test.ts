// `invlab bench` end to end on toy sizes: one worker in-process and two worker threads.
import { describe, expect, it } from 'vitest';
import { runBench } from '../../src-main/engine/bench/bench';

// images_per_s and seconds are each rounded for printing, so compare them within 1 %.
const consistentRate = (imagesPerS: number, images: number, seconds: number) =>
  expect(Math.abs(imagesPerS - images / seconds) / imagesPerS).toBeLessThan(0.01);

describe('runBench', () => {
  it('trains labnet on wasm, reports throughput, leaks no tensors', async () => {
    const r = await runBench({ net: 'labnet', images: 16, size: 16, classes: 4, batch: 8, backend: 'wasm' });
    expect(r.backend).toBe('wasm');
    expect(r.workers).toBe(1);
    expect(r.images_per_s).toBeGreaterThan(0);
    consistentRate(r.images_per_s, 16, r.seconds);
    expect(r.images_per_cpu_s).toBeGreaterThan(0);
    expect(r.tensor_growth).toBe(0);
    expect(r.peak_rss_mb).toBeGreaterThan(10);
  });

  it('with two workers counts both networks\' images', async () => {
    const r = await runBench({ net: 'labnet', images: 8, size: 16, classes: 4, batch: 8, backend: 'wasm', workers: 2 });
    expect(r.per_worker_images_per_s).toHaveLength(2);
    consistentRate(r.images_per_s, 16, r.seconds);
    expect(r.images_per_cpu_s).toBeNull();
    expect(r.tensor_growth).toBe(0);
  });

  it('rejects bad options with a message naming the option', async () => {
    await expect(runBench({ net: 'vgg' as 'labnet' })).rejects.toThrow(/--net/);
    await expect(runBench({ images: 4, batch: 8 })).rejects.toThrow(/--batch/);
  });
});
