/**
 * Recognises files given by mistake where Kubernetes YAML was expected: an unrendered Helm template, Markdown, Nix.
 * Small and dependency-free: it runs before any YAML parser loads, and for inputs no loader recognises.
 */
import { InputError } from "./types";

/** Why a text is not a manifest, and what to do instead. */
export interface NotAManifest {
  /** One line: what the file looks like and what to run instead. */
  readonly message: string;
  /** 1-based line of the evidence, when there is one. */
  readonly line?: number;
  /**
   * True when the evidence is decisive even if the text happens to parse as YAML (Helm's own objects, `.Values`,
   * `.Release`, `include`, appear only in unrendered charts); false when it only explains a parse failure.
   */
  readonly certain: boolean;
}

/** Helm's built-in objects and its own functions: never in rendered output. */
const HELM =
  /\.(?:Values|Release|Chart|Capabilities|Files|Template)\b|\b(?:include|toYaml|nindent|required)\s/;
/** Fences, links and task lists (not headings: `# Source: ...` is a YAML comment too). */
const MARKDOWN = /^(?:```|~~~|.*\]\(https?:[^)]*\)|[-*] \[[ x]\] )/m;
const NIX =
  /^\s*(?:\{[^}]*\}\s*:|let\b|with\s+[\w.]+\s*;|[\w.]+\s*=\s*(?:\{|\[|pkgs\.|mkDerivation|lib\.)[^\n]*$)/m;

/** The Helm evidence alone (cheap: one search for `{{`), for every YAML input before it is parsed. */
export function unrenderedHelm(text: string): NotAManifest | undefined {
  let first: TemplateAction | undefined;
  for (const action of templateActions(text)) {
    first ??= action;
    if (HELM.test(action.text)) return helmHint(text, action, true);
  }
  return first !== undefined ? helmHint(text, first, false) : undefined;
}

interface TemplateAction {
  readonly text: string;
  readonly index: number;
}

/**
 * Go template actions, `{{ ... }}` (Prometheus rules and Argo CD templates hold them too), each on one line and at
 * most 300 characters long: found with `indexOf`, so any text costs one pass (a regex would retry every `{{`).
 */
function* templateActions(text: string): Generator<TemplateAction> {
  let close = -1;
  let eol = -1;
  for (let at = text.indexOf("{{"); at !== -1; at = text.indexOf("{{", at + 2)) {
    // Each search starts past the last one found, so the whole text is scanned once.
    if (close < at + 2) close = text.indexOf("}}", at + 2);
    if (close === -1) return;
    if (eol < at) {
      eol = text.indexOf("\n", at);
      if (eol === -1) eol = text.length;
    }
    if (close - at > 300 || eol < close) continue;
    yield { text: text.slice(at, close + 2), index: at };
  }
}

function helmHint(text: string, action: TemplateAction, certain: boolean): NotAManifest {
  const shown = action.text.length > 60 ? `${action.text.slice(0, 57)}...` : action.text;
  return {
    message: `looks like an unrendered Helm template (\`${shown}\`): run \`helm template\` first and check its output`,
    line: lineAt(text, action.index),
    certain,
  };
}

/** `error` with the explanation instead, when the text looks like something other than a manifest. */
export function explained(file: string, text: string, error: unknown): unknown {
  const hint = notAManifest(file, text);
  return hint !== undefined ? new InputError(file, hint.message, hint.line) : error;
}

/**
 * What a text looks like when it is not a manifest (an unrendered Helm template, Markdown, Nix), or undefined when
 * nothing suggests a mistake. For explaining a failure: Markdown and Nix are recognised by loose signs.
 */
export function notAManifest(file: string, text: string): NotAManifest | undefined {
  const helm = unrenderedHelm(text);
  if (helm !== undefined) return helm;
  if (/\.(?:md|markdown)$/i.test(file) || MARKDOWN.test(text)) {
    return {
      message: "looks like Markdown, not a manifest: pass the Kubernetes YAML (or Terraform) it describes",
      certain: false,
    };
  }
  if (/\.nix$/i.test(file) || NIX.test(text)) {
    return {
      message:
        "looks like a Nix expression, not a manifest: build it to Kubernetes YAML (e.g. `nix build`) and pass the output",
      certain: false,
    };
  }
  return undefined;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
