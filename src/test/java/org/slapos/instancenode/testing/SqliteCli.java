package org.slapos.instancenode.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.slapos.instancenode.json.Json;

/**
 * The {@code sqlite3} command-line tool, standing in for the Python implementation and for
 * operators: another process, another SQLite build, reading and writing the same files.
 */
public final class SqliteCli {
  private static final String BINARY = "/usr/bin/sqlite3";

  private SqliteCli() {}

  /** Runs {@code sql} (several statements allowed) on {@code file} and returns what it printed. */
  public static String run(Path file, String sql) throws IOException, InterruptedException {
    return run(file, sql, "-batch");
  }

  /** Runs one query and returns its rows as a JSON array of objects ({@code []} when none). */
  public static JsonNode query(Path file, String sql) throws IOException, InterruptedException {
    String out = run(file, sql, "-json");
    return Json.MAPPER.readTree(out.isBlank() ? "[]" : out);
  }

  private static String run(Path file, String sql, String mode)
      throws IOException, InterruptedException {
    Process process =
        // Waits for a lock another process holds, as Python's sqlite3 does (default 5 s).
        new ProcessBuilder(BINARY, mode, "-bail", "-cmd", ".timeout 10000", file.toString())
            .redirectErrorStream(true)
            .start();
    process.getOutputStream().write(sql.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IOException("sqlite3 failed on " + file + ": " + out);
    }
    return out;
  }
}
