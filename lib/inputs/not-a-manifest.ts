/**
 * Recognises files given by mistake where Kubernetes YAML was expected: an unrendered Helm template, Markdown, Nix.
 * Small and dependency-free: it runs before any YAML parser loads, and for inputs no loader recognises.
 */

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

/** Helm's built-in objects and its `include`: never in rendered output. */
const HELM_ACTION =
  /\{\{-?\s*(?:[^}]*?\.(?:Values|Release|Chart|Capabilities|Files|Template)\b|include\s|toYaml\s)/;
/** Any Go template action (`{{ ... }}`): also in Prometheus rules and Argo CD templates, so only a hint. */
const ANY_ACTION = /\{\{-?\s*[^}]*\}\}/;
/** Fences, links and task lists (not headings: `# Source: ...` is a YAML comment too). */
const MARKDOWN = /^(?:```|~~~|.*\]\(https?:[^)]*\)|[-*] \[[ x]\] )/m;
const NIX =
  /^\s*(?:\{[^}]*\}\s*:|let\b|with\s+[\w.]+\s*;|[\w.]+\s*=\s*(?:\{|\[|pkgs\.|mkDerivation|lib\.)[^\n]*$)/m;

/** The Helm evidence alone (cheap: one search for `{{`), for every YAML input before it is parsed. */
export function unrenderedHelm(text: string): NotAManifest | undefined {
  if (!text.includes("{{")) return undefined;
  const helm = HELM_ACTION.exec(text) ?? ANY_ACTION.exec(text);
  if (helm !== null) {
    const certain = HELM_ACTION.test(helm[0]);
    return {
      message:
        `looks like an unrendered Helm template (\`${helm[0].trim().slice(0, 60)}\`): run \`helm template\` ` +
        "first and check its output",
      line: lineAt(text, helm.index),
      certain,
    };
  }
  return undefined;
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
