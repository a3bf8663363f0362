import { IntOrPercent } from "../model/int-or-percent";
import { classifyNode, isNodeAvailable, NewPod, NODE_CLASSES, NodeClass, OldPod } from "./controller";

/** Where a wave stands during the simulation. */
export type WavePhase = "idle" | "rolling" | "baking" | "done" | "halted";

/**
 * The nodes of one wave's DaemonSet, with counters kept up to date on every change so that a controller sync costs
 * O(nodes it acts on), not O(all nodes). `recount` rebuilds the counters from scratch (audit mode and tests).
 */
export class WaveState {
  /** Old-template pod state per node (`OldPod`). */
  public readonly oldPod: number[] = [];
  /** New-template pod state per node (`NewPod`). */
  public readonly newPod: number[] = [];
  /** True for nodes the new version's fault hits. */
  public readonly faulty: boolean[] = [];
  /** True for nodes the new version bricked. */
  public readonly bricked: boolean[] = [];
  /** Rolling-window round of the node's new pod (0 for nodes that joined). */
  public readonly generation: number[] = [];
  /** Nodes per `NodeClass`. */
  public readonly counts: number[] = new Array<number>(NODE_CLASSES).fill(0);
  /** Nodes without an available pod. */
  public unavailable = 0;
  /** New pods on their way to available (not failed): while > 0 the wave may still progress. */
  public inFlight = 0;
  /** True once the wave's template is the new version. */
  public started = false;
  /** Where the wave stands. */
  public phase: WavePhase = "idle";
  /** Seconds at which the wave started. */
  public startedAt?: number;
  /** Seconds at which the wave completed or halted. */
  public endedAt?: number;
  /** Highest generation of a new pod that became available (the next round starts at +1). */
  public doneGeneration = 0;
  /** Highest generation started. */
  public batches = 0;
  /** Nodes that got a new-template pod. */
  public exposed = 0;
  /** Nodes the new version bricked. */
  public brickedCount = 0;
  /** Nodes whose new pod crash-loops. */
  public crashLooping = 0;
  /** Nodes that joined during the simulation. */
  public joined = 0;
  /** Most nodes without an available pod at once. */
  public peakUnavailable = 0;
  /** Most nodes running two pods at once. */
  public peakSurge = 0;
  private readonly queues = new Map<number, { items: number[]; head: number }>([
    [NodeClass.oldAvailable, { items: [], head: 0 }],
    [NodeClass.oldUnavailable, { items: [], head: 0 }],
    [NodeClass.bothNewAvailable, { items: [], head: 0 }],
  ]);

  constructor(
    /** Wave name. */
    public readonly name: string,
    /** Position in the rollout. */
    public readonly index: number,
    /** Nodes at the start. */
    public readonly initialNodes: number,
    /** maxUnavailable as configured. */
    public readonly maxUnavailable: IntOrPercent,
    /** maxSurge as configured. */
    public readonly maxSurge: IntOrPercent,
    /** minReadySeconds. */
    public readonly minReadySeconds: number,
    /** Bake seconds after completion. */
    public readonly bakeSeconds: number,
  ) {}

  /** Nodes that should run the pod (the DaemonSet's desired count). */
  public get desired(): number {
    return this.oldPod.length;
  }

  /** Adds a node with the given pods; returns its index. */
  public addNode(oldPod: number, newPod: number, faulty: boolean): number {
    const i = this.oldPod.length;
    this.oldPod.push(oldPod);
    this.newPod.push(newPod);
    this.faulty.push(faulty);
    this.bricked.push(false);
    this.generation.push(0);
    this.enter(i, classifyNode(oldPod, newPod));
    if (!isNodeAvailable(oldPod, newPod)) this.unavailable++;
    return i;
  }

  /** Changes a node's pods, keeping every counter and queue in step. */
  public setPods(i: number, oldPod: number, newPod: number): void {
    const before = classifyNode(this.oldPod[i], this.newPod[i]);
    const wasAvailable = isNodeAvailable(this.oldPod[i], this.newPod[i]);
    this.oldPod[i] = oldPod;
    this.newPod[i] = newPod;
    const after = classifyNode(oldPod, newPod);
    if (after !== before) {
      this.counts[before]--;
      this.enter(i, after);
    }
    const isAvailable = isNodeAvailable(oldPod, newPod);
    if (wasAvailable !== isAvailable) this.unavailable += isAvailable ? -1 : 1;
  }

  /**
   * Applies `act` to up to `n` nodes currently in `cls` (oldest first) and returns how many it acted on. `act` must
   * move the node out of `cls`.
   */
  public take(cls: number, n: number, act: (node: number) => void): number {
    const q = this.queues.get(cls);
    if (q === undefined) throw new Error(`no queue for node class ${cls}`);
    let done = 0;
    while (done < n && q.head < q.items.length) {
      const node = q.items[q.head++];
      if (classifyNode(this.oldPod[node], this.newPod[node]) !== cls) continue; // stale entry
      act(node);
      done++;
    }
    if (q.head > 1024 && q.head * 2 > q.items.length) {
      q.items.splice(0, q.head);
      q.head = 0;
    }
    return done;
  }

  /** Records the current unavailability and surge as peaks. */
  public notePeaks(): void {
    if (this.unavailable > this.peakUnavailable) this.peakUnavailable = this.unavailable;
    const surge = this.counts[NodeClass.bothNewUnavailable] + this.counts[NodeClass.bothNewAvailable];
    if (surge > this.peakSurge) this.peakSurge = surge;
  }

  /** Counts every node again from scratch; returns a description of the first mismatch, if any. */
  public recount(): string | undefined {
    const counts = new Array<number>(NODE_CLASSES).fill(0);
    let unavailable = 0;
    for (let i = 0; i < this.desired; i++) {
      counts[classifyNode(this.oldPod[i], this.newPod[i])]++;
      if (!isNodeAvailable(this.oldPod[i], this.newPod[i])) unavailable++;
    }
    for (let c = 0; c < NODE_CLASSES; c++) {
      if (counts[c] !== this.counts[c]) return `class ${c}: counted ${counts[c]}, tracked ${this.counts[c]}`;
    }
    if (unavailable !== this.unavailable)
      return `unavailable: counted ${unavailable}, tracked ${this.unavailable}`;
    return undefined;
  }

  private enter(i: number, cls: number): void {
    this.counts[cls]++;
    this.queues.get(cls)?.items.push(i);
  }
}

/** Pod states a fresh node starts with, by whether its wave already runs the new template. */
export function podsOfJoiningNode(started: boolean): { oldPod: number; newPod: number } {
  return started
    ? { oldPod: OldPod.none, newPod: NewPod.none }
    : { oldPod: OldPod.available, newPod: NewPod.none };
}
