import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parse as parseLossless } from 'lossless-json';
import { ENTITY_KINDS, type EntityKind } from '../../canonical/model.js';
import { fixed } from '../../canonical/money.js';
import { isKfaxError, KfaxError } from '../../errors/kfax-error.js';
import { loadReferenceFromConfig } from '../../connectors/ax/reference/from-config.js';
import { compileMapping, type CompiledMapping } from '../../mapping/compile/compile.js';
import { mappingJsonSchema } from '../../mapping/config/json-schema.js';
import { loadMappingFile } from '../../mapping/config/load.js';
import { mapKashflowJson, mappedDocumentXml, type MappingResult } from '../../mapping/engine.js';
import { snapshotFromWorld } from '../../mapping/reference/from-seed.js';
import { loadReferenceSnapshot } from '../../mapping/reference/snapshot.js';
import { checkAgainstReference } from '../../mapping/validate.js';
import { buildWorld } from '../../sandbox/seed/world.js';
import { parseIntOption } from '../options.js';

/** `kfax mapping …`: validate a mapping, try it on a KashFlow document, print its schema. */
export function registerMappingCommand(program: Command): void {
  const mapping = program.command('mapping').description('Check and try the KashFlow → AX mapping configuration (touches no system)');

  mapping
    .command('validate')
    .description('Validate a mapping configuration; with --reference, also check that every AX code it uses exists')
    .requiredOption('--config <file>', 'mapping configuration (YAML; kfax.yaml with a mapping: section, or a mapping-only file); with --reference ax: kfax.yaml with ax: and mapping.file')
    .option('--reference <file>', 'AX reference data snapshot (JSON, see docs/mapping.md), or "ax" to read it from the AX port of --config')
    .option('--json', 'print the result as one JSON line')
    .action((opts: { config: string; reference?: string; json?: boolean }) =>
      guard(opts.json, async () => {
        const live = opts.reference === 'ax' ? await loadReferenceFromConfig(opts.config) : undefined;
        let cm: CompiledMapping;
        let check: ReturnType<typeof checkAgainstReference> | undefined;
        try {
          cm = compile(live ? live.mappingFile : opts.config);
          check = live ? checkAgainstReference(cm, live.reference) : opts.reference ? checkAgainstReference(cm, loadReferenceSnapshot(opts.reference)) : undefined;
        } finally {
          await live?.close();
        }
        const ok = !check || check.missing.length === 0;
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ ok, mappingVersion: cm.version.label, ...(check ? { missing: check.missing, unchecked: check.unchecked, checked: check.checked } : {}) })}\n`);
        } else {
          process.stdout.write(`mapping ${cm.version.label}: configuration is valid\n`);
          if (check) {
            process.stdout.write(`checked ${check.checked} references against AX company ${cm.config.company}: ${check.missing.length === 0 ? 'all exist' : `${check.missing.length} missing`}\n`);
            for (const m of check.missing) process.stdout.write(`  missing ${m.kind} "${m.value}" (at ${m.path})\n`);
            for (const u of check.unchecked) process.stdout.write(`  not checked: ${u}\n`);
          }
        }
        if (!ok) process.exitCode = 2;
      }),
    );

  mapping
    .command('test')
    .description('Map one KashFlow document (JSON as the KashFlow API returns it) and print the AX document(s) and the explanation')
    .requiredOption('--config <file>', 'mapping configuration (YAML)')
    .requiredOption('--input <file>', 'KashFlow document (JSON of GET /v2/invoices/{n} etc.)')
    .option('--entity <kind>', `entity: ${ENTITY_KINDS.join(', ')} (inferred from the document when omitted)`)
    .option('--reference <file>', 'AX reference data snapshot (JSON)')
    .option('--json', 'print the result as one JSON line (the last line of stdout)')
    .action((opts: { config: string; input: string; entity?: string; reference?: string; json?: boolean }) =>
      guard(opts.json, async () => {
        if (opts.entity !== undefined && !(ENTITY_KINDS as readonly string[]).includes(opts.entity)) throw new KfaxError('KFAX_CLI_USAGE', [`--entity: unknown entity "${opts.entity}" (expected one of: ${ENTITY_KINDS.join(', ')})`]);
        const cm = compile(opts.config);
        const reference = opts.reference ? loadReferenceSnapshot(opts.reference) : undefined;
        const json = readJson(opts.input);
        const results = await mapKashflowJson(cm, json, { ...(reference ? { reference } : {}), ...(opts.entity ? { entity: opts.entity as EntityKind } : {}) });
        if (opts.json) process.stdout.write(`${JSON.stringify(jsonResult(results))}\n`);
        else printResults(results);
      }),
    );

  mapping
    .command('schema')
    .description('Print the JSON schema of the mapping configuration')
    .action(() => {
      process.stdout.write(`${JSON.stringify(mappingJsonSchema(), null, 2)}\n`);
    });

  mapping
    .command('reference-from-ax')
    .description('Read the AX reference data of the company in kfax.yaml (ax: section) through its AIF port and print it as a snapshot (or write it with --out)')
    .requiredOption('--config <file>', 'kfax.yaml with an ax: section')
    .option('--out <file>', 'write the snapshot to this file instead of stdout')
    .action((opts: { config: string; out?: string }) =>
      guard(false, async () => {
        const live = await loadReferenceFromConfig(opts.config);
        await live.close();
        if (opts.out) {
          live.reference.writeSnapshot(opts.out);
          process.stdout.write(`wrote the reference data of AX company ${live.source.company} (${live.source.url}) to ${opts.out}\n`);
        } else process.stdout.write(`${JSON.stringify(live.reference.snapshot(), null, 2)}\n`);
      }),
    );

  mapping
    .command('reference-from-seed')
    .description('Print an AX reference snapshot of a sandbox seed company (what examples/ax-reference.json holds)')
    .option('--seed <n>', 'sandbox seed', '1')
    .option('--company <id>', 'AX company', 'kfuk')
    .option('--today <yyyy-MM-dd>', 'the seed date (exchange rates and periods depend on it)', '2026-11-26')
    .action((opts: { seed: string; company: string; today: string }) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.today)) throw new KfaxError('KFAX_CLI_USAGE', ['--today: expected a date as yyyy-MM-dd']);
      const world = buildWorld({ seed: parseIntOption('--seed', opts.seed, 0, 2 ** 31 - 1), today: opts.today });
      let snapshot;
      try {
        snapshot = snapshotFromWorld(world, opts.company);
      } catch (err) {
        throw new KfaxError('KFAX_CLI_USAGE', [`--company: ${(err as Error).message}`]);
      }
      process.stdout.write(`${JSON.stringify(snapshot, null, 2)}\n`);
    });
}

function compile(path: string): CompiledMapping {
  return compileMapping(loadMappingFile(path));
}

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new KfaxError('KFAX_CLI_USAGE', [`--input: file not found: ${path}`]);
    throw err;
  }
  try {
    // Lossless: 117.5000 stays exact decimal text, never a float.
    return parseLossless(text);
  } catch (err) {
    throw new KfaxError('KFAX_JSON_MALFORMED', [`${path}: ${(err as Error).message}`]);
  }
}

function jsonResult(results: MappingResult[]): Record<string, unknown> {
  const first = results[0];
  return {
    entity: first?.entity,
    mappingVersion: first?.mappingVersion.label,
    documents: results.flatMap((r) => r.documents.map((d) => ({ service: d.service, operation: d.operation, xml: mappedDocumentXml(d) }))),
    explain: results.flatMap((r) => r.explain.map((e) => ({ path: e.path, value: e.value, rule: e.rule }))),
    warnings: results.flatMap((r) => r.warnings),
  };
}

function printResults(results: MappingResult[]): void {
  const out: string[] = [];
  for (const r of results) {
    out.push(`${r.entity} ${r.source.system}:${r.source.entity}:${r.source.id} — mapping ${r.mappingVersion.label}`);
    for (const d of r.documents) out.push('', `== ${d.service}/${d.operation} (${d.documentName})`, mappedDocumentXml(d));
    if (r.totals) {
      const t = r.totals;
      out.push('', `totals ${t.currency}: net ${fixed(t.net, 2)}, VAT ${fixed(t.vat, 2)} (AX computes ${fixed(t.axVat, 2)}, rounding line ${fixed(t.rounding, 2)}), gross ${fixed(t.gross, 2)}; ${t.homeCurrency}: net ${fixed(t.homeNet, 2)}, VAT ${fixed(t.homeVat, 2)}, gross ${fixed(t.homeGross, 2)}`);
    }
    out.push('', 'explanation:');
    for (const e of r.explain) out.push(`  ${e.path} = ${JSON.stringify(e.value)}  ← ${e.rule}`);
    for (const w of r.warnings) out.push(`warning: ${w}`);
    out.push('');
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

/** Reports kfax errors as "bad input" (exit 2) with the reason; with --json also as the last stdout line. */
async function guard(json: boolean | undefined, fn: () => void | Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (!isKfaxError(err) || err.kind !== 'permanent') throw err;
    process.stderr.write(`kfax: ${err.code}: ${err.message}\n`);
    const problems = (err.details.problems as { path: string; message: string }[] | undefined) ?? [];
    for (const p of problems.slice(1)) process.stderr.write(`  also: ${p.path}: ${p.message}\n`);
    if (json) process.stdout.write(`${JSON.stringify({ error: { code: err.code, message: err.message, details: err.details } })}\n`);
    process.exitCode = 2;
  }
}
