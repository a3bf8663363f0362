import { loadTfJsonText } from "../../lib/inputs/tf-json";
import { LARGE_LOAD, LARGE_TEXT, releaseMemory } from "../../lib/inputs/memory";

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** A WeakRef to an object nothing else holds (made in its own frame). */
function unreferenced(): WeakRef<object> {
  return new WeakRef({ payload: new Array(1000).fill("x") });
}

describe("releaseMemory", () => {
  it("collects garbage for a large load or text", async () => {
    const ref = unreferenced();
    await tick(); // a WeakRef's target is kept until the job that made it ends
    releaseMemory(true);
    expect(ref.deref()).toBeUndefined();
  });

  it("names thresholds a 10,000-DaemonSet check stays under", () => {
    // The check-process bench's 10k input is 31 MB: the speed target is measured without forced collections.
    expect(LARGE_LOAD).toBeGreaterThan(10_000);
    expect(LARGE_TEXT).toBeGreaterThan(31e6);
  });
});

describe("loadTfJsonText", () => {
  it("takes the text from its holder and clears it there, so a large text can be collected", async () => {
    const holder = {
      text: JSON.stringify({
        resource: { kubernetes_daemon_set_v1: { a: { metadata: { name: "a" }, spec: {} } } },
      }),
    } as { text: string | undefined };
    const result = await loadTfJsonText("x.tf.json", holder);
    expect(holder.text).toBeUndefined();
    expect(result.daemonSets.map((d) => d.source.address)).toEqual(["kubernetes_daemon_set_v1.a"]);
  });
});
