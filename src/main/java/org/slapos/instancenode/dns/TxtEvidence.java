package org.slapos.instancenode.dns;

import java.util.List;

/**
 * The answers of every server a lookup asked about one name: one for a recursive lookup, one per
 * authoritative name server (or per configured resolver) otherwise. Immutable.
 *
 * @param name the name looked up, without the final dot
 * @param answers one per server, never empty
 */
public record TxtEvidence(String name, List<ServerAnswer> answers) {
  public TxtEvidence {
    answers = List.copyOf(answers);
    if (answers.isEmpty()) {
      throw new IllegalArgumentException("no answer for " + name);
    }
  }

  /** Evidence from a single source. */
  static TxtEvidence of(String name, String server, TxtAnswer answer) {
    return new TxtEvidence(name, List.of(new ServerAnswer(server, answer)));
  }

  /**
   * The verdict for {@code expectedValue}: every server must hold a record equal to it.
   *
   * <ul>
   *   <li>any server transient: {@link TxtAnswer.Transient}, with every transient server's reason;
   *   <li>else a server without it: that server's answer, {@link TxtAnswer.Absent} (saying which
   *       server has no record) or {@link TxtAnswer.Found} with the other values it holds;
   *   <li>else the first server's {@link TxtAnswer.Found}, which contains {@code expectedValue}.
   * </ul>
   */
  public TxtAnswer answerFor(String expectedValue) {
    List<TxtAnswer> transients =
        answers.stream()
            .map(ServerAnswer::answer)
            .filter(a -> a instanceof TxtAnswer.Transient)
            .toList();
    if (!transients.isEmpty()) {
      return TxtAnswer.Transient.joined(
          transients.stream().map(a -> (TxtAnswer.Transient) a).toList());
    }
    return answers.stream()
        .map(ServerAnswer::answer)
        .filter(a -> !(a instanceof TxtAnswer.Found found && found.contains(expectedValue)))
        .findFirst()
        .orElse(answers.getFirst().answer());
  }

  /**
   * The metric label of the whole lookup: {@code transient} if a server was, else {@code absent} if
   * a server had no record, else {@code found}.
   */
  public String label() {
    List<String> labels = answers.stream().map(a -> a.answer().label()).toList();
    if (labels.contains(DnsMetrics.TRANSIENT)) {
      return DnsMetrics.TRANSIENT;
    }
    return labels.contains(DnsMetrics.ABSENT) ? DnsMetrics.ABSENT : DnsMetrics.FOUND;
  }
}
