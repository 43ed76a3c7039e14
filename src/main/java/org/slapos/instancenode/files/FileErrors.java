package org.slapos.instancenode.files;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Says in words what is wrong with a file an operator named, under the name they gave it: {@code
 * slave-schema = /x/s.json: not JSON (line 3, column 7)}, {@code --pidfile /run/node.pid:
 * permission denied}. Messages never hold an exception class name, and never quote the file's
 * content (it may be a key or a secret).
 */
public final class FileErrors {
  private FileErrors() {}

  /**
   * How the operator named the file: {@code key = /path} for a configuration key, {@code --option
   * /path} for a command-line option.
   */
  public static String named(String key, Path file) {
    return key.startsWith("--") ? key + " " + file : key + " = " + file;
  }

  /** {@code key = /path: what}. */
  public static String problem(String key, Path file, String what) {
    return named(key, file) + ": " + what;
  }

  /** {@code key = /path: } what {@code e} means, in {@link #words}. */
  public static String problem(String key, Path file, IOException e) {
    return problem(key, file, words(e));
  }

  /**
   * What {@code e} means, in words: {@code does not exist}, {@code permission denied}, {@code is a
   * directory, not a file}, {@code not JSON (line L, column C)}, {@code not valid UTF-8}, {@code
   * cannot be reached: /a/b is not a directory}, or the operating system's own reason (such as
   * {@code no space left on device}).
   */
  public static String words(IOException e) {
    return switch (e) {
      case JsonProcessingException json -> json(json);
      case CharacterCodingException coding -> "not valid UTF-8";
      case NoSuchFileException missing -> missing(missing);
      case AccessDeniedException denied -> "permission denied";
      case NotDirectoryException notDirectory -> "is not a directory";
      case FileAlreadyExistsException exists -> blockedBy(exists);
      case FileSystemException other -> reason(other);
      default -> e.getMessage() == null ? "cannot be read" : reason(e.getMessage(), null);
    };
  }

  private static String json(JsonProcessingException e) {
    // Jackson reports bytes that are not UTF-8 as a parse error; they are an encoding problem.
    String why = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    String what = why.startsWith("Invalid UTF-8") ? "not valid UTF-8" : "not JSON";
    JsonLocation at = e.getLocation();
    return at == null || at.getLineNr() < 1
        ? what
        : what + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
  }

  private static String missing(NoSuchFileException e) {
    Path file = e.getFile() == null ? null : Path.of(e.getFile());
    if (file != null && Files.isSymbolicLink(file)) {
      try {
        return "is a symbolic link to " + Files.readSymbolicLink(file) + ", which does not exist";
      } catch (IOException | UnsupportedOperationException unreadable) {
        // Gone meanwhile, or not readable: plain words still hold.
      }
    }
    return "does not exist";
  }

  // Creating a directory where a file is, or a file where one is: the path is taken.
  private static String blockedBy(FileAlreadyExistsException e) {
    Path file = e.getFile() == null ? null : Path.of(e.getFile());
    return file != null && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
        ? file + " is a file, not a directory"
        : "already exists";
  }

  private static String reason(FileSystemException e) {
    return e.getReason() == null ? "cannot be read" : reason(e.getReason(), e.getFile());
  }

  // The operating system's reason (strerror), which a read of a directory also gives bare.
  private static String reason(String reason, String file) {
    return switch (reason) {
      case "Is a directory" -> "is a directory, not a file";
      case "Not a directory" -> notDirectoryAbove(file);
      default -> lowerFirst(reason);
    };
  }

  // ENOTDIR on /a/file/b: the path goes through something that is not a directory; name it.
  private static String notDirectoryAbove(String name) {
    if (name != null) {
      for (Path p = Path.of(name).toAbsolutePath().getParent(); p != null; p = p.getParent()) {
        if (Files.exists(p)) {
          if (!Files.isDirectory(p)) {
            return "cannot be reached: " + p + " is not a directory";
          }
          break;
        }
      }
    }
    return "cannot be reached: a path component is not a directory";
  }

  private static String lowerFirst(String text) {
    return text.isEmpty()
        ? text
        : text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1);
  }
}
