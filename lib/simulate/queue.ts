/**
 * A binary min-heap of simulation events ordered by time, then by insertion order (so equal times stay
 * deterministic). Events are four numbers (time, kind, wave, node) kept in typed arrays: no object per event, so a
 * 100,000-node rollout does not spend its time in the garbage collector.
 */
export class EventQueue {
  private time = new Float64Array(1024);
  private seq = new Float64Array(1024);
  private payload = new Int32Array(3 * 1024);
  private length = 0;
  private nextSeq = 0;
  /** Kind of the event `pop` returned last. */
  public kind = 0;
  /** Wave of the event `pop` returned last. */
  public wave = 0;
  /** Node (or other argument) of the event `pop` returned last. */
  public node = 0;

  /** Number of queued events. */
  public get size(): number {
    return this.length;
  }

  /** Time of the earliest event (Infinity when empty). */
  public peekTime(): number {
    return this.length > 0 ? this.time[0] : Infinity;
  }

  /** Adds an event. */
  public push(time: number, kind: number, wave: number, node: number): void {
    if (this.length === this.time.length) this.grow();
    const seq = this.nextSeq++;
    let i = this.length++;
    // Sift up: move parents down into the hole, then write the event once.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(time, seq, parent)) break;
      this.move(parent, i);
      i = parent;
    }
    this.write(i, time, seq, kind, wave, node);
  }

  /** Removes the earliest event and returns its time; its kind, wave and node are left in the fields. */
  public pop(): number {
    if (this.length === 0) throw new Error("pop from an empty event queue");
    const top = this.time[0];
    this.kind = this.payload[0];
    this.wave = this.payload[1];
    this.node = this.payload[2];
    const n = --this.length;
    if (n > 0) {
      const t = this.time[n];
      const s = this.seq[n];
      const k = this.payload[3 * n];
      const w = this.payload[3 * n + 1];
      const x = this.payload[3 * n + 2];
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const child = r < n && this.before(this.time[r], this.seq[r], l) ? r : l;
        if (!this.before(this.time[child], this.seq[child], -1, t, s)) break;
        this.move(child, i);
        i = child;
      }
      this.write(i, t, s, k, w, x);
    }
    return top;
  }

  /** True when (time, seq) sorts before slot `j` (or before (t2, s2) when `j` is -1). */
  private before(time: number, seq: number, j: number, t2 = 0, s2 = 0): boolean {
    const tj = j >= 0 ? this.time[j] : t2;
    const sj = j >= 0 ? this.seq[j] : s2;
    return time < tj || (time === tj && seq < sj);
  }

  private move(from: number, to: number): void {
    this.time[to] = this.time[from];
    this.seq[to] = this.seq[from];
    this.payload[3 * to] = this.payload[3 * from];
    this.payload[3 * to + 1] = this.payload[3 * from + 1];
    this.payload[3 * to + 2] = this.payload[3 * from + 2];
  }

  private write(i: number, time: number, seq: number, kind: number, wave: number, node: number): void {
    this.time[i] = time;
    this.seq[i] = seq;
    this.payload[3 * i] = kind;
    this.payload[3 * i + 1] = wave;
    this.payload[3 * i + 2] = node;
  }

  private grow(): void {
    const time = new Float64Array(this.time.length * 2);
    time.set(this.time);
    const seq = new Float64Array(this.seq.length * 2);
    seq.set(this.seq);
    const payload = new Int32Array(this.payload.length * 2);
    payload.set(this.payload);
    this.time = time;
    this.seq = seq;
    this.payload = payload;
  }
}
