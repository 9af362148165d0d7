import { describe, expect, it } from 'vitest';
import * as hdr from 'hdr-histogram-js';
import { newHistogram } from '../../src/core/hdr-histogram.js';
import { RecordingHistogram, TrendSink } from '../../src/engine/metrics/sinks.js';
import { seededRandom } from '../../src/core/random.js';

describe('RecordingHistogram (small values counted directly, folded into HDR on read)', () => {
  it('ends up with exactly the histogram that recording every value into HDR gives', () => {
    const rand = seededRandom(7);
    const plain = newHistogram();
    const fast = new RecordingHistogram();
    for (let i = 0; i < 20_000; i++) {
      // Mostly sub-2 ms values (the direct path), some far larger (the HDR path), and 0.
      const v = i % 50 === 0 ? 0 : i % 7 === 0 ? Math.round(rand() * 5_000_000) : Math.round(rand() * 2047);
      plain.recordValue(v);
      fast.record(v);
    }
    const h = fast.histogram;
    expect(h.totalCount).toBe(plain.totalCount);
    for (const p of [1, 25, 50, 90, 95, 99, 99.9, 100]) expect(h.getValueAtPercentile(p)).toBe(plain.getValueAtPercentile(p));
    expect(h.minNonZeroValue).toBe(plain.minNonZeroValue);
    expect(h.maxValue).toBe(plain.maxValue);
    expect(hdr.decodeFromCompressedBase64(hdr.encodeIntoCompressedBase64(h)).totalCount).toBe(20_000);
    // Recording after a read keeps folding correctly.
    fast.record(5);
    plain.recordValue(5);
    expect(fast.histogram.totalCount).toBe(plain.totalCount);
    expect(fast.histogram.getValueAtPercentile(50)).toBe(plain.getValueAtPercentile(50));
  });

  it('a trend sink reports the median of millisecond values at 1 µs resolution', () => {
    const sink = new TrendSink();
    for (const ms of [0.101, 0.102, 0.103, 0.25, 1.9]) sink.add(ms);
    expect(sink.percentile(50)).toBeCloseTo(0.103, 6);
    expect(sink.stat('max')).toBe(1.9);
  });
});
