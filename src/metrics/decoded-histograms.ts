import { decodeHistogram, type Histogram } from './histogram.js';

/**
 * Decoded histograms kept for reuse, at most this many (about 110 KiB each): every histogram of a
 * few summaries, so each is decoded once; past it a histogram is decoded again when read, as
 * before, and memory stays bounded however many summaries are read.
 */
export const MAX_KEPT_HISTOGRAMS = 256;

/**
 * Histograms decoded from their encodings for reading only (percentiles, adding into another,
 * never recording into them): a summary's histograms are decoded when it is checked and read from
 * here by the merge, the comparison and the HTML report instead of being decoded again.
 */
export class DecodedHistograms {
  private readonly kept = new Map<string, Histogram>();
  private decodes = 0;

  constructor(private readonly max = MAX_KEPT_HISTOGRAMS) {}

  /** The histogram of `encoded`, decoded now or earlier; throws on an invalid encoding. Must not be recorded into. */
  read(encoded: string): Histogram {
    const known = this.kept.get(encoded);
    if (known) return known;
    const histogram = decodeHistogram(encoded);
    this.decodes++;
    if (this.kept.size < this.max) this.kept.set(encoded, histogram);
    return histogram;
  }

  /** How many are kept. */
  get size(): number {
    return this.kept.size;
  }

  /** How many times an encoding was decoded (a read of a kept one decodes nothing). */
  get decoded(): number {
    return this.decodes;
  }
}
