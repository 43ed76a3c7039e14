package org.slapos.instancenode.cli;

import org.slapos.instancenode.config.ConfigException;
import org.slapos.instancenode.desired.DesiredStateException;
import org.slapos.instancenode.engine.NodeLockedException;
import org.slapos.instancenode.reconcile.WorkersDiedException;
import org.slapos.instancenode.schema.SchemaLoadException;
import org.slapos.instancenode.store.StoreException;
import org.slapos.instancenode.text.Printable;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns the failures an operator can act on into one clear line on stderr and the exit code of
 * ARCHITECTURE.md section 8; anything else is a bug and keeps its stack trace.
 */
final class FailureHandler implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
    int code = exitCode(e);
    if (code == ExitCode.FAILED && !known(e)) {
      // Anything else is a bug: its stack trace is what a report needs.
      e.printStackTrace(cmd.getErr());
    } else {
      cmd.getErr().println("error: " + Printable.escape(e.getMessage()));
    }
    cmd.getErr().flush();
    return code;
  }

  private static int exitCode(Throwable e) {
    if (e instanceof ConfigException || e instanceof SchemaLoadException) {
      return ExitCode.USAGE;
    }
    if (e instanceof NodeLockedException) {
      return ExitCode.LOCKED;
    }
    return ExitCode.FAILED;
  }

  private static boolean known(Throwable e) {
    return e instanceof DesiredStateException
        || e instanceof StoreException
        || e instanceof WorkersDiedException;
  }
}
