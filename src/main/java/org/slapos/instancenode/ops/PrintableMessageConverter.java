package org.slapos.instancenode.ops;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.slapos.instancenode.text.Printable;

/**
 * {@code %msg} of the text log format, escaped by {@link Printable}: our messages are constants,
 * but a library's may quote what a user wrote, and it must not end the line.
 */
public final class PrintableMessageConverter extends MessageConverter {

  @Override
  public String convert(ILoggingEvent event) {
    return Printable.escape(super.convert(event));
  }
}
