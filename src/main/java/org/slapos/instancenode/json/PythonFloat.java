package org.slapos.instancenode.json;

import java.math.BigDecimal;

/**
 * Writes a double as Python's {@code repr(float)}: the shortest digits that read back as the same
 * double (the closest to it when several are as short), in fixed notation when the decimal exponent
 * is in [-4, 16) and in scientific notation ({@code 1e-05}, {@code 1.5e+16}) otherwise.
 *
 * <p>The digits come from {@link Double#toString(double)}, which since JDK 19 picks the shortest
 * round-tripping decimal too, except that it never picks fewer than two digits: where a one-digit
 * decimal also reads back (only possible for subnormals, whose precision is low), Python's answer
 * is that one-digit decimal.
 */
public final class PythonFloat {
  private PythonFloat() {}

  /** {@code repr(value)} as Python writes it in JSON ({@code NaN}, {@code Infinity} included). */
  public static String repr(double value) {
    StringBuilder out = new StringBuilder();
    appendRepr(value, out);
    return out.toString();
  }

  static void appendRepr(double value, StringBuilder out) {
    if (Double.isNaN(value)) {
      out.append("NaN");
    } else if (Double.isInfinite(value)) {
      out.append(value > 0 ? "Infinity" : "-Infinity");
    } else if (value == 0) {
      out.append(Double.doubleToRawLongBits(value) < 0 ? "-0.0" : "0.0");
    } else {
      if (value < 0) {
        out.append('-');
      }
      appendPositive(shortest(Math.abs(value)), out);
    }
  }

  /** {@code digits} (no leading or trailing zero) times 10 to the {@code exponent}. */
  private record Decimal(String digits, int exponent) {
    /** The position of the decimal point from the left of {@code digits}. */
    int point() {
      return digits.length() + exponent;
    }
  }

  private static Decimal shortest(double value) {
    String java = Double.toString(value);
    int e = java.indexOf('E');
    int end = e < 0 ? java.length() : e;
    // exponent ends up as the place value of the last digit kept.
    int exponent = e < 0 ? 0 : Integer.parseInt(java, e + 1, java.length(), 10);
    StringBuilder digits = new StringBuilder(end);
    boolean afterPoint = false;
    for (int i = 0; i < end; i++) {
      char c = java.charAt(i);
      if (c == '.') {
        afterPoint = true;
        continue;
      }
      if (c != '0' || !digits.isEmpty()) {
        digits.append(c);
      }
      if (afterPoint) {
        exponent--;
      }
    }
    int length = digits.length();
    while (digits.charAt(length - 1) == '0') {
      length--;
      exponent++;
    }
    Decimal decimal = new Decimal(digits.substring(0, length), exponent);
    return value < Double.MIN_NORMAL && length == 2 ? oneDigit(value, decimal) : decimal;
  }

  /** Python's choice for a subnormal whose two-digit Java form might have a one-digit rival. */
  private static Decimal oneDigit(double value, Decimal twoDigits) {
    int lead = twoDigits.digits().charAt(0) - '0';
    int exponent = twoDigits.exponent() + 1;
    boolean lowerFits = readsBack(lead, exponent, value);
    boolean upperFits = readsBack(lead + 1, exponent, value);
    if (!lowerFits && !upperFits) {
      return twoDigits;
    }
    boolean upper = upperFits;
    if (lowerFits && upperFits) {
      BigDecimal exact = new BigDecimal(value);
      BigDecimal below = exact.subtract(BigDecimal.valueOf(lead, -exponent));
      BigDecimal above = BigDecimal.valueOf(lead + 1, -exponent).subtract(exact);
      int closer = above.compareTo(below);
      upper = closer < 0 || (closer == 0 && (lead + 1) % 2 == 0);
    }
    int chosen = upper ? lead + 1 : lead;
    return chosen == 10
        ? new Decimal("1", exponent + 1)
        : new Decimal(Integer.toString(chosen), exponent);
  }

  private static boolean readsBack(int digit, int exponent, double value) {
    return Double.parseDouble(digit + "e" + exponent) == value;
  }

  private static void appendPositive(Decimal decimal, StringBuilder out) {
    String digits = decimal.digits();
    int point = decimal.point();
    if (point < -3 || point > 16) {
      out.append(digits.charAt(0));
      if (digits.length() > 1) {
        out.append('.').append(digits, 1, digits.length());
      }
      int exponent = point - 1;
      out.append(exponent < 0 ? "e-" : "e+");
      int magnitude = Math.abs(exponent);
      if (magnitude < 10) {
        out.append('0');
      }
      out.append(magnitude);
    } else if (point <= 0) {
      out.append("0.");
      out.repeat('0', -point).append(digits);
    } else if (point >= digits.length()) {
      out.append(digits).repeat('0', point - digits.length()).append(".0");
    } else {
      out.append(digits, 0, point).append('.').append(digits, point, digits.length());
    }
  }
}
