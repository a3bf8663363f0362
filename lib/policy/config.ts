import { readFile } from "node:fs/promises";
import * as path from "node:path";
import { z } from "zod";
import { parseJson } from "../inputs/json";
import { InputError } from "../inputs/types";
import { IntOrPercent } from "../model/int-or-percent";
import { FAIL_ON_LEVELS, FailOn } from "./gate";
import { MIN_SUPPRESSION_REASON } from "./suppressions";
import { PolicyOptions, Suppression } from "./types";

/** The config file `wavegate check` reads from the working directory when no `--config` is given. */
export const CONFIG_FILE = "wavegate.json";

/** A `wavegate.json` that could not be read or is invalid: names the file and the field. The CLI exits 2. */
export class ConfigError extends InputError {
  constructor(file: string, detail: string, line?: number) {
    super(file, detail, line);
    this.name = "ConfigError";
  }
}

/** `wavegate.json`, after validation. */
export interface WavegateConfig {
  /**
   * The lowest severity that fails the gate; `--fail-on` overrides it.
   * @default "error"
   */
  readonly failOn?: FailOn;
  /**
   * Policy options (caps, minimums, severity overrides, disabled rules).
   * @default {} (every default of `PolicyOptions`)
   */
  readonly options: PolicyOptions;
  /**
   * Accepted failures, each naming a rule, a resource and a reason.
   * @default []
   */
  readonly suppressions: readonly Suppression[];
}

/** A config as loaded, with where it came from. */
export interface LoadedConfig extends WavegateConfig {
  /** The file read; undefined when none was given and no `wavegate.json` exists (defaults apply). */
  readonly file?: string;
}

/** True for a real calendar date `2026-12-31` or a full ISO timestamp that parses (`2026-02-31` is false). */
export function isIsoDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.exec(text);
  if (m === null || Number.isNaN(Date.parse(text))) return false;
  const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return day.getUTCMonth() === Number(m[2]) - 1 && day.getUTCDate() === Number(m[3]);
}

const severity = z.enum(["error", "warning", "info"]);

const optionsSchema = z
  .object({
    maxUnavailableCap: z
      .union([z.string(), z.number()])
      .transform((v) => String(v))
      .refine((v) => IntOrPercent.tryParse(v) !== undefined, {
        message: 'must be a whole number or a percent such as "10%"',
      }),
    minReadySeconds: z.number().int().min(0),
    minWaves: z.number().int().min(1),
    maxFirstWavePercent: z.number().gt(0).max(100),
    severities: z.record(z.string(), severity),
    disabledRules: z.array(z.string().min(1)),
  })
  .partial()
  .strict();

const suppressionSchema = z
  .object({
    rule: z.string().min(1, "must name a rule ID such as WG101"),
    resource: z.string().min(1, 'must name a Terraform address, a construct path or "*"'),
    reason: z.string().refine((r) => r.trim().length >= MIN_SUPPRESSION_REASON, {
      message: `must be at least ${MIN_SUPPRESSION_REASON} characters: say why this failure is accepted`,
    }),
    expires: z.string().refine(isIsoDate, { message: "must be an ISO date such as 2026-12-31" }).optional(),
  })
  .strict();

const configSchema = z
  .object({
    $schema: z.string().optional(),
    failOn: z.enum(FAIL_ON_LEVELS as [FailOn, ...FailOn[]]).optional(),
    options: optionsSchema.optional(),
    suppressions: z.array(suppressionSchema).optional(),
    verify: z.unknown().optional(), // read and validated by `wavegate verify` (lib/verify/config.ts)
  })
  .strict();

/**
 * Validates a parsed `wavegate.json`.
 * @param knownRuleIds when given, `suppressions[].rule`, `options.severities` keys and `options.disabledRules`
 *   must name one of them
 * @throws ConfigError naming the file and the field, e.g. `wavegate.json: suppressions[0].reason: must be ...`
 */
export function parseConfig(json: unknown, file: string, knownRuleIds?: readonly string[]): WavegateConfig {
  const parsed = configSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(file, `${fieldPath(issue.path)}: ${issueMessage(issue)}`);
  }
  const c = parsed.data;
  const suppressions: Suppression[] = (c.suppressions ?? []).map((s) => ({
    ruleId: s.rule,
    resource: s.resource,
    reason: s.reason,
    ...(s.expires !== undefined ? { expires: s.expires } : {}),
  }));
  const options: PolicyOptions = c.options ?? {};
  if (knownRuleIds !== undefined) {
    const check = (id: string, field: string) => {
      if (!knownRuleIds.includes(id)) {
        throw new ConfigError(
          file,
          `${field}: there is no rule ${JSON.stringify(id)}; use one of ${knownRuleIds.join(", ")}`,
        );
      }
    };
    suppressions.forEach((s, i) => check(s.ruleId, `suppressions[${i}].rule`));
    Object.keys(options.severities ?? {}).forEach((id) => check(id, `options.severities.${id}`));
    (options.disabledRules ?? []).forEach((id, i) => check(id, `options.disabledRules[${i}]`));
  }
  return { failOn: c.failOn, options, suppressions };
}

/**
 * Loads the config: `file` when given (it must exist), else `wavegate.json` in `cwd` when present, else defaults.
 * @throws ConfigError for an unreadable or invalid file; InputError (file and line) for malformed JSON
 */
export async function loadConfig(
  opts: { readonly cwd?: string; readonly file?: string; readonly knownRuleIds?: readonly string[] } = {},
): Promise<LoadedConfig> {
  const cwd = opts.cwd ?? process.cwd();
  const shown = opts.file ?? CONFIG_FILE;
  let text: string;
  try {
    text = await readFile(path.resolve(cwd, shown), "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (opts.file === undefined && code === "ENOENT") return { options: {}, suppressions: [] };
    throw new ConfigError(
      shown,
      code === "ENOENT" ? "config file not found" : `cannot read: ${code ?? String(err)}`,
    );
  }
  // Malformed JSON throws an InputError naming the file and line.
  return { ...parseConfig(parseJson(shown, text), shown, opts.knownRuleIds), file: shown };
}

/** `suppressions[0].reason` from `["suppressions", 0, "reason"]`; `(root)` for the top level. */
function fieldPath(p: readonly (string | number)[]): string {
  if (p.length === 0) return "(root)";
  return p.map((k, i) => (typeof k === "number" ? `[${k}]` : i === 0 ? k : `.${k}`)).join("");
}

function issueMessage(issue: z.ZodIssue): string {
  switch (issue.code) {
    case "unrecognized_keys":
      return `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}`;
    case "invalid_enum_value":
      return `${JSON.stringify(issue.received)} is not allowed; use one of ${issue.options.join(", ")}`;
    case "invalid_type":
      return issue.received === "undefined"
        ? `is required (${issue.expected})`
        : `must be ${issue.expected}, not ${issue.received}`;
    default:
      return issue.message;
  }
}
