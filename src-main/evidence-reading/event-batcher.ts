/** Collects normalised events into batches and hands each full batch to the sink (which may wait: backpressure). */
import type { NormalisedEvent } from '../model/event';

const BATCH_SIZE = 2000;

export class EventBatcher {
  private batch: NormalisedEvent[] = [];
  count = 0;
  constructor(private readonly sink: (batch: NormalisedEvent[]) => Promise<void>, private readonly size = BATCH_SIZE) {}

  async add(e: NormalisedEvent): Promise<void> {
    this.batch.push(e);
    this.count++;
    if (this.batch.length >= this.size) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    const b = this.batch;
    this.batch = [];
    await this.sink(b);
  }
}
