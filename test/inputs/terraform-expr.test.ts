import { evaluateTemplate, TerraformSet, UNDECIDED } from "../../lib/inputs/terraform-expr";
import { localResolver } from "../../lib/inputs/terraform-locals";

describe("evaluateTemplate", () => {
  const local = localResolver({
    root: "/",
    waves: { canary: { image: "a:v2" }, production: { image: "a:v1" } },
    names: ["x", "y"],
    n: 3,
    a: "${local.b}",
    b: "${local.a}",
    fromVar: "${var.x}",
  });
  const scope = { local, each: { key: "canary", value: { image: "a:v2", port: 9090 } }, count: 2 };

  test.each([
    ["plain", "plain"],
    ["${local.root}", "/"],
    ["${local.root}etc", "/etc"],
    ["${count.index}", 2],
    ["agent-${count.index}", "agent-2"],
    ["agent-${each.key}", "agent-canary"],
    ["${each.value.image}", "a:v2"],
    ["${each.value.port}", 9090],
    ["port-${each.value.port}", "port-9090"],
    ['${local.waves["production"].image}', "a:v1"],
    ["${local.names[1]}", "y"],
    ["${local.n}", 3],
    ["${ local.root }", "/"],
    ["${local.fromVar}", "${var.x}"],
    // A cycle (Terraform: an error) stays an expression, so it is unknown.
    ["${local.a}", "${local.a}"],
  ])("%s -> %j", (text, value) => expect(evaluateTemplate(text, scope)).toEqual(value));

  test.each([
    "${var.x}",
    "a-${var.x}",
    "${upper(local.root)}",
    "${local.missing}",
    "$${local.root}",
    "%{ if true }x%{ endif }",
    "${local.waves}-x",
    "${local.root",
    "${each.value.missing}",
    "${local.names[5]}",
  ])("%s stays undecided", (text) => expect(evaluateTemplate(text, scope)).toBe(UNDECIDED));

  test("toset of a literal or a local list is a set of distinct strings in lexical order", () => {
    expect(evaluateTemplate('${toset(["b", "a", "b"])}', scope)).toEqual(new TerraformSet(["a", "b"]));
    expect(evaluateTemplate("${toset(local.names)}", scope)).toEqual(new TerraformSet(["x", "y"]));
    expect(evaluateTemplate("${toset([1])}", scope)).toBe(UNDECIDED);
  });
});
