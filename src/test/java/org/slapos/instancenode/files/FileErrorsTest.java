package org.slapos.instancenode.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileErrorsTest {
  @TempDir Path dir;

  @Test
  void aKeyIsNamedWithAnEqualsSignAnOptionWithASpace() {
    assertEquals(
        "slave-schema = /x/s.json", FileErrors.named("slave-schema", Path.of("/x/s.json")));
    assertEquals("--pidfile /run/n.pid", FileErrors.named("--pidfile", Path.of("/run/n.pid")));
  }

  @Test
  void permissionDeniedIsSaidInWords() {
    // What the JDK throws on EACCES; UnreadableFileIT gets it from real files, as root too.
    assertEquals(
        "key-file = /x/k.pem: permission denied",
        FileErrors.problem("key-file", Path.of("/x/k.pem"), new AccessDeniedException("/x/k.pem")));
  }

  @Test
  void readingADirectorySaysItIsOne() throws IOException {
    Path directory = Files.createDirectories(dir.resolve("d"));

    IOException e = readFailure(directory);

    assertEquals("is a directory, not a file", FileErrors.words(e));
  }

  private static IOException readFailure(Path file) {
    try {
      Files.readAllBytes(file);
    } catch (IOException e) {
      return e;
    }
    throw new AssertionError(file + " was read");
  }
}
