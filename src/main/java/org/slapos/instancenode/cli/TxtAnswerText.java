package org.slapos.instancenode.cli;

import java.util.stream.Collectors;
import org.slapos.instancenode.dns.TxtAnswer;

/** One name server's TXT answer in a line an operator reads, compared with the expected value. */
final class TxtAnswerText {
  private TxtAnswerText() {}

  static String describe(TxtAnswer answer, String expected) {
    return switch (answer) {
      case TxtAnswer.Found found ->
          (found.records().size() == 1 ? "TXT " : "TXT records ")
              + found.records().stream().map(r -> "'" + r + "'").collect(Collectors.joining(", "))
              + (found.cnameChain().isEmpty()
                  ? ""
                  : " at " + found.holder() + " (CNAME from " + found.queriedName() + ")")
              + (found.contains(expected) ? " (matches)" : " (does not match)");
      case TxtAnswer.Absent absent -> absent.why();
      case TxtAnswer.Transient failed -> "no usable answer (" + failed.why() + ")";
    };
  }
}
