/**
 * The event loop: a discrete-event simulation of one DaemonSet per wave, driven by a priority queue of pod and
 * node events. The controller's arithmetic lives in `controller.ts`; this file only moves time forward, applies
 * pod transitions and runs a controller sync for each wave that changed.
 */
import {
  isRolloutComplete,
  hasOldPods,
  NewPod,
  NodeClass,
  noSurgeStep,
  OldPod,
  rollingBudget,
  surgeStep,
} from "./controller";
import { resolveTimings, ResolvedTimings } from "./pod-timings";
import { EventQueue } from "./queue";
import { Random } from "./random";
import { summarize } from "./summary";
import { FaultKind, HaltReason, SimulationOptions, SimulationResult, SimWave } from "./types";
import { validateSimulation } from "./validate";
import { podsOfJoiningNode, WaveState } from "./wave-state";

/** Event kinds. */
const Ev = {
  waveStart: 0,
  podStarted: 1,
  podReady: 2,
  podAvailable: 3,
  bakeEnd: 4,
  nodeJoin: 5,
  haltDeadline: 6,
};

/** A halt in progress: the wave, why, when, and an epoch so a stale deadline is ignored after a resume. */
export interface HaltState {
  readonly wave: number;
  readonly reason: HaltReason;
  readonly at: number;
  readonly epoch: number;
}

const DAY = 86_400;

/**
 * Simulates rolling a new version through `waves` in order, each wave one DaemonSet with the native controller's
 * semantics, and a health gate between waves (promote only after the wave completes, bakes, and no pod failed).
 * Deterministic for a given seed. Throws a ValidationError for bad input.
 */
export function simulateRollout(
  waves: readonly SimWave[],
  options: SimulationOptions = {},
): SimulationResult {
  validateSimulation(waves, options);
  return new Simulation(waves, options).run();
}

class Simulation {
  private readonly queue = new EventQueue();
  private readonly states: WaveState[];
  private readonly timings: ResolvedTimings;
  private readonly timingRng: Random;
  private readonly faultRng: Random;
  private readonly churnRng: Random;
  private readonly faultKind: FaultKind;
  private readonly faultRate: number;
  private readonly seed: number;
  private readonly dirty = new Set<number>();
  private now = 0;
  private events = 0;
  private current = 0;
  private anomalies = 0;
  private epoch = 0;
  private halt?: HaltState;
  private finishedAt?: number;

  constructor(
    waves: readonly SimWave[],
    private readonly options: SimulationOptions,
  ) {
    this.seed = options.seed ?? 1;
    this.timings = resolveTimings(options.timings);
    this.timingRng = Random.stream(this.seed, 0);
    this.faultRng = Random.stream(this.seed, 1);
    this.churnRng = Random.stream(this.seed, 2);
    this.faultKind = options.fault?.kind ?? "none";
    this.faultRate = this.faultKind === "none" ? 0 : (options.fault?.rate ?? 1);
    this.states = waves.map((w, i) => {
      const last = i === waves.length - 1;
      const s = new WaveState(
        w.name,
        i,
        w.nodes,
        w.maxUnavailable,
        w.maxSurge,
        w.minReadySeconds ?? 0,
        last ? 0 : (w.bakeSeconds ?? 0),
      );
      const unhealthy = w.unhealthyAtStart ?? 0;
      for (let n = 0; n < w.nodes; n++) {
        s.addNode(n < unhealthy ? OldPod.unavailable : OldPod.available, NewPod.none, this.drawFaulty());
      }
      return s;
    });
  }

  public run(): SimulationResult {
    const maxSeconds = this.options.maxSeconds ?? 30 * DAY;
    this.schedule(0, Ev.waveStart, 0, -1);
    this.scheduleChurn();
    while (this.finishedAt === undefined && this.queue.size > 0) {
      const t = this.queue.peekTime();
      if (t > maxSeconds) break;
      this.now = t;
      while (this.queue.peekTime() === t && this.finishedAt === undefined) {
        this.queue.pop();
        this.handle(this.queue.kind, this.queue.wave, this.queue.node);
      }
      for (const w of this.dirty) this.sync(this.states[w]);
      this.dirty.clear();
    }
    return summarize(this.states, {
      end: this.finishedAt ?? this.now,
      halt: this.halt,
      faultKind: this.faultKind,
      faultRate: this.faultKind === "none" ? 0 : this.faultRate,
      seed: this.seed,
      events: this.events,
    });
  }

  private handle(kind: number, wave: number, node: number): void {
    this.events++;
    const w = this.states[wave];
    switch (kind) {
      case Ev.waveStart:
        return this.startWave(w);
      case Ev.podStarted:
        return this.podStarted(w, node);
      case Ev.podReady:
        w.setPods(node, w.oldPod[node], NewPod.ready);
        if (w.minReadySeconds === 0) return this.podAvailable(w, node);
        return this.schedule(this.now + w.minReadySeconds, Ev.podAvailable, wave, node);
      case Ev.podAvailable:
        return this.podAvailable(w, node);
      case Ev.bakeEnd:
        if (this.halt === undefined && w.phase === "baking") {
          w.phase = "done";
          this.current = w.index + 1;
          this.schedule(this.now, Ev.waveStart, w.index + 1, -1);
        }
        return;
      case Ev.nodeJoin:
        return this.nodeJoin();
      case Ev.haltDeadline:
        if (this.halt !== undefined && this.halt.epoch === node) this.finishedAt = this.now;
        return;
    }
  }

  private startWave(w: WaveState): void {
    w.started = true;
    w.phase = "rolling";
    w.startedAt = this.now;
    this.dirty.add(w.index);
  }

  /**
   * One controller sync of a wave's DaemonSet.
   * Assumptions: the controller reacts to every pod and node change at once (no resync delay).
   * Invariants: stall detection runs only while the wave rolls: nothing in flight, nothing to do, not complete.
   */
  private sync(w: WaveState): void {
    if (!w.started) return;
    const budget = rollingBudget(w.maxUnavailable, w.maxSurge, w.desired);
    const gen = w.doneGeneration + 1;
    let acted = 0;
    if (budget.maxSurge === 0) {
      const step = noSurgeStep(w.counts, budget.maxUnavailable);
      const replace = (i: number) => this.createNewPod(w, i, true, gen);
      acted += w.take(NodeClass.oldUnavailable, step.replaceUnavailableOld, replace);
      acted += w.take(NodeClass.oldAvailable, step.deleteAvailableOld, replace);
    } else {
      const step = surgeStep(w.counts, budget.maxSurge);
      const surge = (i: number) => this.createNewPod(w, i, false, gen);
      w.take(NodeClass.bothNewAvailable, step.deleteOld, (i) => w.setPods(i, OldPod.none, w.newPod[i]));
      acted += w.take(NodeClass.oldUnavailable, step.surgeOnUnavailable, surge);
      acted += w.take(NodeClass.oldAvailable, step.surgeOnAvailable, surge);
    }
    w.notePeaks();
    if (this.options.audit) {
      const mismatch = w.recount();
      if (mismatch !== undefined) throw new Error(`audit of wave ${w.name} at ${this.now}s: ${mismatch}`);
    }
    if (
      acted > 0 &&
      w.phase === "halted" &&
      this.halt?.wave === w.index &&
      this.halt.reason !== "health-gate"
    ) {
      // Churn raised a percent budget enough to let the update move again.
      w.phase = "rolling";
      w.endedAt = undefined;
      this.halt = undefined;
    }
    if (w.phase !== "rolling") return;
    if (isRolloutComplete(w.counts, w.desired)) return this.completeWave(w);
    if (acted === 0 && w.inFlight === 0) {
      this.haltIn(w, hasOldPods(w.counts) ? "budget-exhausted" : "never-available");
    }
  }

  /**
   * A wave finished rolling: the last wave ends the rollout; any other wave bakes behind the health gate.
   * Assumptions: the gate watches every wave rolled so far; one failed pod anywhere is an anomaly.
   */
  private completeWave(w: WaveState): void {
    w.endedAt = this.now;
    if (w.index === this.states.length - 1) {
      w.phase = "done";
      this.finishedAt = this.now;
      return;
    }
    w.phase = "baking";
    if (this.anomalies > 0) return this.haltIn(w, "health-gate");
    this.schedule(this.now + w.bakeSeconds, Ev.bakeEnd, w.index, -1);
  }

  private haltIn(w: WaveState, reason: HaltReason): void {
    if (reason !== "health-gate") {
      w.phase = "halted";
      w.endedAt = this.now;
    }
    this.epoch++;
    this.halt = { wave: w.index, reason, at: this.now, epoch: this.epoch };
    this.schedule(this.now + (this.options.responseSeconds ?? 3600), Ev.haltDeadline, w.index, this.epoch);
  }

  /** The controller (or the manage loop, for a new node) creates a new-template pod on node `i`. */
  private createNewPod(w: WaveState, i: number, replacingOld: boolean, generation: number): void {
    w.setPods(i, replacingOld ? OldPod.none : w.oldPod[i], NewPod.starting);
    w.exposed++;
    w.inFlight++;
    w.generation[i] = generation;
    if (generation > w.batches) w.batches = generation;
    const t = this.timings;
    const rng = this.timingRng;
    const delay =
      (replacingOld ? rng.jittered(t.terminationSeconds, t.jitter) : 0) +
      rng.jittered(t.imagePullSeconds, t.jitter) +
      rng.jittered(t.startSeconds, t.jitter);
    this.schedule(this.now + delay, Ev.podStarted, w.index, i);
  }

  /**
   * The new container runs. A faulty node fails here: a crash-looping pod never turns Ready; a bricking version
   * turns the node NotReady, so both of its pods are unavailable for good.
   */
  private podStarted(w: WaveState, i: number): void {
    if (w.faulty[i] && this.faultKind !== "none") {
      w.inFlight--;
      if (this.faultKind === "brick") {
        w.bricked[i] = true;
        w.brickedCount++;
        w.setPods(i, w.oldPod[i] === OldPod.none ? OldPod.none : OldPod.unavailable, NewPod.failed);
      } else {
        w.crashLooping++;
        w.setPods(i, w.oldPod[i], NewPod.failed);
      }
      this.dirty.add(w.index);
      return this.anomaly();
    }
    const readiness = this.timingRng.jittered(this.timings.readinessSeconds, this.timings.jitter);
    this.schedule(this.now + readiness, Ev.podReady, w.index, i);
  }

  private podAvailable(w: WaveState, i: number): void {
    w.setPods(i, w.oldPod[i], NewPod.available);
    w.inFlight--;
    if (w.generation[i] > w.doneGeneration) w.doneGeneration = w.generation[i];
    this.dirty.add(w.index);
  }

  /** A failed pod: the health gate halts a baking wave at once. */
  private anomaly(): void {
    this.anomalies++;
    const baking = this.states[this.current];
    if (this.halt === undefined && baking?.phase === "baking") this.haltIn(baking, "health-gate");
  }

  /** A node joins a pool (chosen by pool size) and gets its wave's current template at once. */
  private nodeJoin(): void {
    const total = this.states.reduce((sum, s) => sum + s.initialNodes, 0);
    let pick = this.churnRng.next() * (total > 0 ? total : this.states.length);
    let w = this.states[this.states.length - 1];
    for (const s of this.states) {
      pick -= total > 0 ? s.initialNodes : 1;
      if (pick < 0) {
        w = s;
        break;
      }
    }
    const pods = podsOfJoiningNode(w.started);
    const i = w.addNode(pods.oldPod, pods.newPod, this.drawFaulty());
    w.joined++;
    if (w.started) this.createNewPod(w, i, false, 0);
    this.dirty.add(w.index);
    this.scheduleChurn();
  }

  private scheduleChurn(): void {
    const perHour = this.options.churnPerHour ?? 0;
    if (perHour > 0) this.schedule(this.now + this.churnRng.exponential(3600 / perHour), Ev.nodeJoin, 0, -1);
  }

  private drawFaulty(): boolean {
    if (this.faultRate >= 1) return true;
    if (this.faultRate <= 0) return false;
    return this.faultRng.next() < this.faultRate;
  }

  private schedule(time: number, kind: number, wave: number, node: number): void {
    this.queue.push(time, kind, wave, node);
  }
}
