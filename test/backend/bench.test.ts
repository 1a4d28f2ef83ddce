// `invlab bench` end to end on toy sizes: one worker in-process and two worker threads.
import { describe, expect, it } from 'vitest';
import { runBench } from '../../src-main/engine/bench/bench';

// seconds is printed to the millisecond and images_per_s to 0.1 (or 3 digits below 10), so the
// rate must lie between what the true time's rounding interval allows, widened by the rate's
// own rounding. A fixed relative tolerance fails on short epochs (0.5 ms of 47 ms is 1.06 %).
const consistentRate = (imagesPerS: number, images: number, seconds: number) => {
  const slack = imagesPerS >= 10 ? 0.05 : imagesPerS * 0.005;
  expect(imagesPerS).toBeGreaterThanOrEqual(images / (seconds + 0.0005) - slack);
  expect(imagesPerS).toBeLessThanOrEqual(images / Math.max(seconds - 0.0005, 1e-9) + slack);
};

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
