/**
 * Lines of text to a stream (stdout) through two reused buffers: each line is UTF-8 encoded
 * straight into the current buffer, and a full buffer is written while the other one fills. So a
 * dump of millions of records makes one write per MiB and no intermediate strings or Buffers: a
 * chunk's text joined into one string (~130 KB) and its encoded copy were each a large V8 object
 * or a fresh `mmap`, paid again in page faults and `munmap` for every chunk.
 *
 * A buffer is reused only once the stream has called back for the write that holds it, so at most
 * two buffers are in flight (bounded memory, and backpressure without 'drain'). The bytes are
 * those of `stream.write(text)`: UTF-8, a lone surrogate as U+FFFD (Buffer's encoder either way).
 * After a stream error (EPIPE: the reader went away) every call answers false and writes nothing.
 */

/** Bytes per buffer; two are allocated. */
const BUFFER_BYTES = 1 << 20;
/** UTF-8 bytes a UTF-16 code unit can take at most (a surrogate pair: 4 bytes for 2 units). */
const MAX_UTF8_PER_UNIT = 3;
const NEWLINE = 0x0a;

export class BufferedOutput {
  private readonly bufs: [Buffer, Buffer];
  private which = 0;
  private used = 0;
  /** The write of each buffer still in flight, if any. */
  private readonly inFlight: [Promise<void> | null, Promise<void> | null] = [null, null];
  private failed = false;
  /** Writes not yet called back: settled at once when the stream fails, so nothing waits forever. */
  private readonly waiting = new Set<() => void>();

  constructor(private readonly out: NodeJS.WritableStream, private readonly size = BUFFER_BYTES) {
    if (!Number.isInteger(size) || size < 16) throw new RangeError('buffer size must be an integer of at least 16 bytes');
    this.bufs = [Buffer.allocUnsafe(size), Buffer.allocUnsafe(size)];
    const fail = () => {
      this.failed = true;
      for (const settle of this.waiting) settle();
      this.waiting.clear();
    };
    out.once('error', fail);
    out.once('close', fail);
  }

  /** False once the stream failed (or closed): stop producing output. */
  get ok(): boolean {
    return !this.failed;
  }

  /**
   * Adds `text` and a newline. Synchronous (`true`) while the buffer has room, the common case;
   * otherwise a promise that settles once the line is buffered or written (false: the stream failed).
   */
  line(text: string): boolean | Promise<boolean> {
    if (this.failed) return false;
    if ((text.length * MAX_UTF8_PER_UNIT) + 1 <= this.size - this.used) {
      this.used += this.bufs[this.which].write(text, this.used, 'utf8');
      this.bufs[this.which][this.used++] = NEWLINE;
      return true;
    }
    return this.lineSlow(text);
  }

  /** Writes what is buffered, then `bytes` as they are (e.g. text a worker already encoded). */
  async bytes(bytes: Uint8Array): Promise<boolean> {
    if (!(await this.flush())) return false;
    if (bytes.length > 0) await this.send(bytes);
    return !this.failed;
  }

  /** Starts writing the current buffer and switches to the other one once its own write is done. */
  async flush(): Promise<boolean> {
    if (this.failed) return false;
    if (this.used > 0) {
      const full = this.which;
      this.inFlight[full] = this.send(this.bufs[full].subarray(0, this.used));
      this.which ^= 1;
      this.used = 0;
      const previous = this.inFlight[this.which];
      if (previous) await previous;
      this.inFlight[this.which] = null;
    }
    return !this.failed;
  }

  /** Writes what is buffered and waits until the stream has taken every byte. */
  async end(): Promise<boolean> {
    await this.flush();
    await Promise.all(this.inFlight);
    return !this.failed;
  }

  private async lineSlow(text: string): Promise<boolean> {
    if (!(await this.flush())) return false;
    if ((text.length * MAX_UTF8_PER_UNIT) + 1 <= this.size) return this.line(text);
    // A line longer than a buffer (a huge record) is written alone, as the stream would encode it.
    await this.send(Buffer.from(`${text}\n`, 'utf8'));
    return !this.failed;
  }

  /** Resolves when the stream calls back for this write (never rejects: a failure sets `failed`). */
  private send(bytes: Uint8Array): Promise<void> {
    return new Promise<void>((resolve) => {
      const settle = () => { this.waiting.delete(settle); resolve(); };
      this.waiting.add(settle);
      try {
        this.out.write(bytes, (err?: Error | null) => {
          if (err) this.failed = true;
          settle();
        });
      } catch {
        this.failed = true;
        settle();
      }
    });
  }
}
