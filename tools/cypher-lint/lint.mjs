#!/usr/bin/env node
// Runs Neo4j's own Cypher parser and semantic analysis (lintCypherQuery from
// @neo4j-cypher/language-support, the code behind the Neo4j VS Code extension
// and the Neo4j Browser editor) over .cypher files.
//
// Usage:
//   node lint.mjs [--cypher-version 5|25] FILE.cypher...
//   echo '["a.cypher", "b.cypher"]' | node lint.mjs [--cypher-version 5|25]
//
// Prints JSON to stdout, one entry per file, in argument order:
//   [{"file": "...", "statements": N,
//     "diagnostics": [{"message", "severity", "line", "column"}]}]
// severity is "error", "warning", "information" or "hint"; line and column
// are 1-based (the first character of the file is line 1, column 1).
//
// Exit status: 0 when no file has an error diagnostic, 1 when at least one
// does, 2 on bad usage. Warnings (deprecations, performance notes such as
// cartesian products or unbounded shortest paths) are printed but never fail.
//
// How lintCypherQuery is called: lintCypherQuery(text, dbSchema, options).
// dbSchema is required. Without a schema the parser still reports every
// syntax error and Neo4j's semantic errors (undefined variables, shortestPath
// misuse, wrong function arity, a query ending in MATCH, ...), but:
//   - every $parameter is reported as an *error* "Parameter $x is not
//     defined." unless dbSchema.parameters declares it: we drop those with the
//     package's own isNotParamError (our queries take their parameters at run
//     time, so they can't be declared here);
//   - unknown function/procedure names are only reported when
//     dbSchema.functions/procedures are given: we pass Neo4j's built-in
//     functions and procedures (the snapshot the package ships as
//     testData.mockSchema, filtered to built-ins, i.e. no APOC or GDS plugin),
//     so `foo(x)` or an APOC call is an error, as it would be on a plain Neo4j;
//   - labels, relationship types and property keys are only checked (as
//     warnings) when the schema lists them: we don't, as the graph is empty
//     until loaded.
// Our own additions: "statements" counts the `;`-separated statements (one
// query per file is the project convention; schema scripts such as
// cypher/neo4j/constraints.cypher hold several, so the caller decides), and a
// file with no statement at all gets an error.

import { readFileSync } from 'node:fs';
import {
  isNotParamError,
  lintCypherQuery,
  parseStatementsStrs,
  testData,
} from '@neo4j-cypher/language-support';

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };
const PLUGIN_PREFIXES = ['apoc.', 'gds.'];

function usage(message) {
  process.stderr.write(
    `${message}\nusage: node lint.mjs [--cypher-version 5|25] FILE.cypher... ` +
      '(or a JSON list of paths on stdin)\n',
  );
  process.exit(2);
}

function parseArgs(argv) {
  let cypherVersion = 'CYPHER 5';
  const files = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--cypher-version') {
      const value = argv[++i];
      if (value !== '5' && value !== '25') usage(`bad --cypher-version: ${value}`);
      cypherVersion = `CYPHER ${value}`;
    } else if (arg === '-h' || arg === '--help') {
      usage('Lints Cypher files with Neo4j\'s parser.');
    } else if (arg.startsWith('--')) {
      usage(`unknown option: ${arg}`);
    } else {
      files.push(arg);
    }
  }
  return { cypherVersion, files };
}

function readStdinFiles() {
  let text;
  try {
    text = readFileSync(0, 'utf8');
  } catch (e) {
    usage(`no files given and stdin unreadable: ${e.message}`);
  }
  let list;
  try {
    list = JSON.parse(text);
  } catch (e) {
    usage(`stdin is not JSON: ${e.message}`);
  }
  if (!Array.isArray(list) || !list.every((f) => typeof f === 'string')) {
    usage('stdin must be a JSON list of file paths');
  }
  return list;
}

function builtInSchema(cypherVersion) {
  const mock = testData.mockSchema;
  const functions = {};
  const procedures = {};
  for (const version of Object.keys(mock.functions)) {
    functions[version] = Object.fromEntries(
      Object.entries(mock.functions[version]).filter(([, fn]) => fn.isBuiltIn),
    );
  }
  for (const version of Object.keys(mock.procedures)) {
    procedures[version] = Object.fromEntries(
      Object.entries(mock.procedures[version]).filter(
        ([name]) => !PLUGIN_PREFIXES.some((p) => name.startsWith(p)),
      ),
    );
  }
  return { functions, procedures, defaultLanguage: cypherVersion };
}

function hasCode(chunk) {
  const code = chunk
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/[^\n]*/g, '')
    .replace(/;/g, '');
  return code.trim().length > 0;
}

// Splits the text into statements the way the package does. A comment after
// the final `;` comes back as a chunk of its own, which lintCypherQuery then
// reports as "Expected any of CYPHER, EXPLAIN, PROFILE or a statement" though
// Neo4j's server accepts it: so such trailing comment-only chunks are cut off
// before linting (cutting from the end keeps every line/column unchanged).
function splitStatements(text) {
  const chunks = parseStatementsStrs(text);
  const statements = chunks.filter(hasCode).length;
  let lintable = text;
  if (statements > 0 && chunks.join('') === text) {
    let last = chunks.length - 1;
    while (!hasCode(chunks[last])) last--;
    lintable = chunks.slice(0, last + 1).join('');
  }
  return { statements, lintable };
}

function fileError(message) {
  return { message, severity: 'error', line: 1, column: 1 };
}

function lintText(text, schema) {
  const diagnostics = [];
  const seen = new Set();
  const { statements, lintable } = splitStatements(text);
  const { diagnostics: raw } = lintCypherQuery(lintable, schema, {
    consoleCommandsEnabled: false,
  });
  for (const d of raw.filter(isNotParamError)) {
    const out = {
      message: d.message,
      severity: SEVERITY[d.severity] ?? 'error',
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
    };
    const key = JSON.stringify(out);
    if (!seen.has(key)) {
      seen.add(key);
      diagnostics.push(out);
    }
  }
  if (statements === 0) {
    diagnostics.push(fileError('No Cypher statement in file'));
  }
  return { statements, diagnostics };
}

function main() {
  const { cypherVersion, files: argFiles } = parseArgs(process.argv.slice(2));
  const files = argFiles.length > 0 ? argFiles : readStdinFiles();
  const schema = builtInSchema(cypherVersion);
  const results = [];
  let failed = false;
  for (const file of files) {
    let result;
    try {
      result = lintText(readFileSync(file, 'utf8'), schema);
    } catch (e) {
      result = {
        statements: 0,
        diagnostics: [fileError(`lint.mjs could not check the file: ${e.message}`)],
      };
    }
    if (result.diagnostics.some((d) => d.severity === 'error')) failed = true;
    results.push({ file, statements: result.statements, diagnostics: result.diagnostics });
  }
  process.stdout.write(JSON.stringify(results, null, 2) + '\n');
  process.exitCode = failed ? 1 : 0;
}

main();
