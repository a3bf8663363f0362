import js from "@eslint/js";
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";

// Layer patterns shared by the blocks below (a later block's no-restricted-imports replaces an earlier one's).
const NO_CDKTF = {
  group: ["cdktf", "cdktf/*", "constructs", "@cdktf/provider-*"],
  message: "Only lib/constructs and lib/policy/rollout-policy.ts may import cdktf (DESIGN.md layers).",
};
const NO_CONSTRUCTS = {
  group: ["**/constructs/*", "../constructs"],
  message: "Lower layers must not import lib/constructs.",
};
const NO_CLIENT_NODE = {
  group: ["@kubernetes/client-node"],
  message: "Only lib/cluster (and the CLI) may import @kubernetes/client-node.",
};
const NO_CLUSTER = {
  group: ["../cluster", "../cluster/*"],
  message: "Only the CLI uses lib/cluster (DESIGN.md layers).",
};

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "cdktf.out/**", "coverage/**", "**/cdktf.out/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ["**/*.js", "**/*.cjs"],
    languageOptions: {
      sourceType: "commonjs",
      globals: {
        require: "readonly",
        module: "writable",
        process: "readonly",
        console: "readonly",
        __dirname: "readonly",
      },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["lib/**/*.ts"],
    rules: {
      "no-console": "error",
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@cdktf/provider-kubernetes",
              message: "Import by deep path: @cdktf/provider-kubernetes/lib/<resource>.",
            },
            { name: "@cdktf/provider-aws", message: "Import by deep path." },
          ],
        },
      ],
    },
  },
  {
    // Layers point down (DESIGN.md): only the constructs and the synth-time policy adapter may touch cdktf.
    files: [
      "lib/model/**/*.ts",
      "lib/inputs/**/*.ts",
      "lib/simulate/**/*.ts",
      "lib/policy/**/*.ts",
      "lib/cli/**/*.ts",
      "lib/cluster/**/*.ts",
    ],
    ignores: ["lib/policy/rollout-policy.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["cdktf", "cdktf/*", "constructs", "@cdktf/provider-*"],
              message:
                "Only lib/constructs and lib/policy/rollout-policy.ts may import cdktf (DESIGN.md layers).",
            },
            {
              group: ["**/constructs/*", "../constructs"],
              message: "Lower layers must not import lib/constructs.",
            },
          ],
        },
      ],
    },
  },
  {
    // Below lib/cluster nothing talks to a cluster.
    files: ["lib/inputs/**/*.ts", "lib/simulate/**/*.ts", "lib/policy/**/*.ts"],
    ignores: ["lib/policy/rollout-policy.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            NO_CDKTF,
            NO_CONSTRUCTS,
            NO_CLIENT_NODE,
            NO_CLUSTER,
            { group: ["../verify/*"], message: "lib/verify sits above these layers." },
          ],
        },
      ],
    },
  },
  {
    // lib/verify is the pure verdict engine: no cluster, CLI, cdktf, Kubernetes client or I/O.
    files: ["lib/verify/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            NO_CDKTF,
            NO_CONSTRUCTS,
            NO_CLIENT_NODE,
            NO_CLUSTER,
            {
              group: ["../cli/*", "node:*", "fs", "http", "https", "net"],
              message: "lib/verify is pure: observations in, verdicts out.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["lib/constructs/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@cdktf/provider-kubernetes",
              message: "Import by deep path: @cdktf/provider-kubernetes/lib/<resource>.",
            },
            { name: "@cdktf/provider-aws", message: "Import by deep path." },
          ],
          patterns: [NO_CLIENT_NODE, NO_CLUSTER],
        },
      ],
    },
  },
  {
    files: ["lib/model/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [
                "../inputs/*",
                "../policy/*",
                "../simulate/*",
                "../cli/*",
                "cdktf",
                "constructs",
                "yaml",
                "commander",
                "../verify/*",
                "../cluster/*",
                "@kubernetes/client-node",
              ],
              message: "lib/model is the pure bottom layer.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["lib/cli/**/*.ts"],
    rules: { "no-console": "off" },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
);
