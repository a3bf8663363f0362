/**
 * jest setupFilesAfterEnv: cdktf captures a full stack trace (Error.stackTraceLimit = MAX_SAFE_INTEGER) every time it
 * creates a token, reference or lazy value (node_modules/cdktf/lib/tokens/private/stack-trace.js, called from
 * Intrinsic, Lazy, ComplexComputedList, ...), on a plain `{ stack: "" }` object. Under jest every frame of those goes
 * through source-map-support (installed by jest-runner's runTest.js), which reads and parses the inline source map
 * of every file on the stack: most of a construct test's time. Those traces are only shown if cdktf fails to resolve
 * a token. Real errors keep jest's source-mapped stacks; plain objects get V8's own formatting of at most 10 frames
 * (formatting all of them was still ~1 s of a full run).
 */
const mapped = Error.prepareStackTrace;
if (typeof mapped === "function") {
  Error.prepareStackTrace = function prepareStackTrace(error, frames) {
    if (Object.prototype.toString.call(error) === "[object Error]") return mapped(error, frames);
    const shown = frames.slice(0, 10).map((f) => `\n    at ${f}`);
    return `${Object.prototype.toString.call(error)}${shown.join("")}`;
  };
}
