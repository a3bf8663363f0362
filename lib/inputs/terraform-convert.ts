/**
 * Terraform's own conversions of a string to a bool or a number, where the provider's schema expects one. The one
 * place every Terraform loader (tf.json, HCL, plan) converts through, via the provider-shape table.
 *
 * Source: zclconf/go-cty `cty/convert/conversion_primitive.go` (string -> bool accepts exactly "true", "1",
 * "false", "0"; string -> number is `cty.ParseNumberVal`, i.e. Go's `big.ParseFloat(s, 10, 512, ToNearestEven)`).
 * Checked against `terraform console` 1.11.4: `tonumber("0.0")` = 0, `"1e1"` = 10, `"+5"` = 5, `"5."` = 5,
 * `".5"` = 0.5, `"1p3"` = 8 (a binary exponent), `"Inf"` / `"-inf"` = infinities; `" 5"`, `"5 "`, `""`, `"0x10"`,
 * `"1_000"`, `"INF"`, `"NaN"` are errors ("a number is required"). `tobool("True")` / `"yes"` are errors.
 */

/** Go `big.Float.Parse` in base 10: sign, mantissa, an optional decimal (e/E) or binary (p/P) exponent. */
const NUMBER = /^([+-]?)(?:(\d+\.?\d*|\.\d+)(?:([eEpP])([+-]?\d+))?|([iI]nf))$/;

/**
 * The number Terraform makes of a string (`"0.0"` -> 0, `"1e1"` -> 10), or undefined when Terraform refuses it
 * ("a number is required"). Precision is JavaScript's double, enough for the fields rules read.
 */
export function terraformStringToNumber(s: string): number | undefined {
  const m = NUMBER.exec(s);
  if (m === null) return undefined;
  const sign = m[1] === "-" ? -1 : 1;
  if (m[5] !== undefined) return sign * Infinity;
  const mantissa = Number(m[2]);
  if (m[3] === undefined) return sign * mantissa;
  const exponent = Number(m[4]);
  return sign * (m[3] === "p" || m[3] === "P" ? mantissa * 2 ** exponent : Number(`${m[2]}e${m[4]}`));
}

/** The bool Terraform makes of a string: exactly `"true"` / `"1"` and `"false"` / `"0"`; otherwise undefined. */
export function terraformStringToBool(s: string): boolean | undefined {
  if (s === "true" || s === "1") return true;
  if (s === "false" || s === "0") return false;
  return undefined;
}
