import { Command, CommanderError } from 'commander';
import { isKfaxError, type KfaxError } from '../errors/kfax-error.js';
import { registerMappingCommand } from './commands/mapping.js';
import { registerSandboxCommand } from './commands/sandbox.js';
import { registerInitCommand } from './commands/init.js';
import { registerRunCommand } from './commands/run.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerMigrateCommand } from './commands/migrate.js';
import { registerDlqCommand } from './commands/dlq.js';
import { registerBenchEngineCommand } from './commands/bench-engine.js';
import { registerBenchSandboxCommand } from './commands/bench-sandbox.js';
import { registerBenchIntakeCommand } from './commands/bench-intake.js';
import { registerBenchE2eCommand } from './commands/bench-e2e.js';
import { registerBenchMappingCommand } from './commands/bench-mapping.js';
import { registerReconcileCommand } from './commands/reconcile.js';
import { packageVersion } from './version.js';

/** Builds the `kfax` command tree. Each command registers itself from its own module. */
export function buildProgram(): Command {
  const program = new Command('kfax')
    .description('Keeps KashFlow and Microsoft Dynamics AX in sync: exactly once, mapped, reconciled.')
    .version(packageVersion(), '-V, --version')
    .showHelpAfterError()
    .exitOverride();
  registerInitCommand(program);
  registerRunCommand(program);
  registerDemoCommand(program);
  registerSandboxCommand(program);
  registerMigrateCommand(program);
  registerDlqCommand(program, { registry: async () => (await import('./commands/dlq-registry.js')).flowMessageTypes() });
  registerBenchEngineCommand(program);
  registerBenchSandboxCommand(program);
  registerBenchIntakeCommand(program);
  registerBenchE2eCommand(program);
  registerBenchMappingCommand(program);
  registerMappingCommand(program);
  registerReconcileCommand(program);
  return program;
}

/**
 * Configuration errors are the operator's input to a command, so they exit 2 like bad usage,
 * although the catalog gives them HTTP status 500 (over HTTP, a server misconfiguration is the
 * server's fault, not the caller's).
 */
const BAD_INPUT_CODES: ReadonlySet<string> = new Set(['KFAX_CONFIG_INVALID', 'KFAX_CONFIG_NOT_FOUND']);

/** Exit code for a kfax error: 2 for bad usage or bad input (a permanent error below HTTP 500, or the configuration), else 1. */
export function exitCodeOf(err: KfaxError): number {
  return err.kind === 'permanent' && (err.status < 500 || BAD_INPUT_CODES.has(err.code)) ? 2 : 1;
}

/** Runs the CLI and returns the process exit code (0 ok, 1 failure, 2 usage or bad input). */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv as string[]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (isKfaxError(err)) {
      process.stderr.write(`kfax: ${err.code}: ${err.message}\n`);
      return exitCodeOf(err);
    }
    process.stderr.write(`kfax: ${(err as Error)?.stack ?? String(err)}\n`);
    return 1;
  }
}
