import { imageVersion, imageWithVersion, isDigest, parseImage } from "../../lib/model";

const digest = `sha256:${"a".repeat(64)}`;

test.each([
  ["nginx", { repository: "nginx" }],
  ["nginx:1.27", { repository: "nginx", tag: "1.27" }],
  ["registry:5000/team/agent", { repository: "registry:5000/team/agent" }],
  ["registry:5000/team/agent:v2", { repository: "registry:5000/team/agent", tag: "v2" }],
  [`r.io/a@${digest}`, { repository: "r.io/a", digest }],
  [`r.io/a:v1@${digest}`, { repository: "r.io/a", tag: "v1", digest }],
])("parseImage(%p)", (image, expected) => {
  expect(parseImage(image)).toEqual(expected);
});

test("imageWithVersion joins tags with ':' and digests with '@'", () => {
  expect(imageWithVersion("r.io/a", "v2.5.0")).toBe("r.io/a:v2.5.0");
  expect(imageWithVersion("r.io/a", digest)).toBe(`r.io/a@${digest}`);
  expect(imageWithVersion("r.io/a", `v1@${digest}`)).toBe(`r.io/a:v1@${digest}`);
});

test("imageVersion and isDigest", () => {
  expect(imageVersion("r.io/a:v1")).toBe("v1");
  expect(imageVersion(`r.io/a:v1@${digest}`)).toBe(`v1@${digest}`);
  expect(imageVersion("r.io/a")).toBeUndefined();
  expect(isDigest(digest)).toBe(true);
  expect(isDigest("sha256:abc")).toBe(false);
  expect(isDigest(undefined)).toBe(false);
});
