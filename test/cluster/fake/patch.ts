/**
 * Strategic-merge patch, reduced to what DaemonSet rollbacks use (k8s.io/apimachinery/pkg/util/strategicpatch):
 * maps merge key by key, `null` deletes, a map carrying `"$patch": "replace"` replaces the target map whole.
 * Lists are replaced, not merged by their patch-merge key: enough for the double (kubectl's undo replaces the
 * whole template). Part of the test double, not shipped.
 */
type Json = Record<string, unknown>;
const isMap = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Applies a strategic-merge patch to a copy of `target`. */
export function strategicMerge(target: unknown, patch: unknown): unknown {
  if (!isMap(patch)) return patch;
  if (patch.$patch === "replace") {
    const { $patch: _d, ...rest } = patch;
    return strip(rest);
  }
  const out: Json = isMap(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key === "$patch") continue;
    if (value === null) delete out[key];
    else out[key] = isMap(value) ? strategicMerge(out[key], value) : value;
  }
  return out;
}

function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (!isMap(value)) return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) if (k !== "$patch") out[k] = strip(v);
  return out;
}

/** JSON with object keys sorted at every level: Go's `json.Marshal` of a `map[string]interface{}`. */
export function goMapJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(goMapJson);
  if (!isMap(value)) return value;
  const out: Json = {};
  for (const k of Object.keys(value).sort()) out[k] = goMapJson(value[k]);
  return out;
}
