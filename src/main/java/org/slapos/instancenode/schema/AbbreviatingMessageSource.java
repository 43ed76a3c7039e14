package org.slapos.instancenode.schema;

import com.networknt.schema.i18n.DefaultMessageSource;
import com.networknt.schema.i18n.MessageSource;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The validator's own English messages, with every argument rendered as abbreviated text: a
 * property name or value supplied by the user never appears whole, and numbers are not grouped by
 * locale ({@code 65535}, not {@code 65,535}).
 */
final class AbbreviatingMessageSource implements MessageSource {
  private final MessageSource delegate = DefaultMessageSource.getInstance();

  @Override
  public String getMessage(
      String key, Supplier<String> defaultMessage, Locale locale, Object... arguments) {
    Object[] abbreviated = new Object[arguments.length];
    for (int i = 0; i < arguments.length; i++) {
      abbreviated[i] = Messages.abbreviate(String.valueOf(arguments[i]));
    }
    return delegate.getMessage(key, defaultMessage, locale, abbreviated);
  }
}
