package org.slapos.instancenode.config;

import java.util.List;

/**
 * The configuration cannot be used. Each problem is one self-contained line, {@code FILE:LINE: what
 * is wrong} (or {@code FILE: what is wrong} when no line applies); the message lists them one per
 * line, in file order, so an operator can fix the file in one go.
 */
public final class ConfigException extends RuntimeException {
  private final List<String> problems;

  /** One problem. */
  public ConfigException(String problem) {
    this(List.of(problem));
  }

  /**
   * Several problems, reported together.
   *
   * @throws IllegalArgumentException when {@code problems} is empty
   */
  public ConfigException(List<String> problems) {
    super(String.join("\n", requireSome(problems)));
    this.problems = List.copyOf(problems);
  }

  /** Every problem, one line each, in the order of the message. */
  public List<String> problems() {
    return problems;
  }

  private static List<String> requireSome(List<String> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one problem");
    }
    return problems;
  }
}
