import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "dist/**",
      "node_modules/**",
      ".engine/**",
      ".cache/**",
      ".demo/**",
      "**/*.js",
      "**/*.mjs",
      "**/*.cjs",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Type-aware: a promise dropped, handed where a plain value is expected, or a non-promise
    // awaited. These need the type checker (the project's tsconfig.json).
    files: ["**/*.ts"],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/await-thenable": "error",
    },
  },
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
    },
  },
  {
    // The simulator is a second reading of the spec, not a mirror of the provider: it has its
    // own codes, validation and types (test/unit/spec/readings.test.ts holds both to the text).
    files: ["simulator/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/provider", "**/provider/**", "pulumi-aql-mvno", "pulumi-aql-mvno/**"],
              message: "The simulator imports nothing from provider/: give it its own reading.",
            },
          ],
        },
      ],
    },
  },
  {
    // The provider writes nothing of its own to stdout or stderr, and nothing at debug severity:
    // that channel is Pulumi's trace, which the secrets test excuses (test/faults/secrets.test.ts).
    files: ["provider/**/*.ts"],
    rules: {
      "no-console": "error",
      "no-restricted-syntax": [
        "error",
        {
          selector:
            "MemberExpression[property.name='debug'][object.type='MemberExpression'][object.property.name='log']",
          message: "No debug-severity logging: the secrets test treats it as Pulumi's own trace.",
        },
        {
          selector: "MemberExpression[property.name='debug'][object.name='log']",
          message: "No debug-severity logging: the secrets test treats it as Pulumi's own trace.",
        },
      ],
    },
  },
  {
    // Type-aware: promises that are dropped, misused or awaited when they are not promises.
    files: ["**/*.ts"],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/await-thenable": "error",
    },
  },
  {
    files: ["test/**/*.ts", "bench/**/*.ts"],
    rules: { "@typescript-eslint/no-non-null-assertion": "off" },
  },
);
