package org.slapos.instancenode.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import org.slapos.instancenode.config.LogFormat;
import org.slapos.instancenode.files.OwnerOnlyFiles;
import org.slf4j.LoggerFactory;

/**
 * Logback's configuration, in code: by default logs go to stderr (stdout carries command output),
 * one line per event with its key/values and MDC, at level INFO. Found by Logback through {@code
 * META-INF/services}; doing it in code instead of {@code logback.xml} spares every run the XML
 * machinery's start-up time. {@link #apply} then sets what the configuration asks for.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LoggingSetup extends ContextAwareBase implements Configurator {
  static final String PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0} %msg"
          + "%replace( %kvp){'^ $', ''}%replace( %mdc){'^ $', ''}%n";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    install(context, LogFormat.TEXT, Optional.empty(), false);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /**
   * Reconfigures the running Logback context: {@code format} is the line format (TEXT as by
   * default; JSON as one object per line with {@code level}, {@code loggerName}, {@code
   * formattedMessage}, {@code kvpList}, {@code mdc}, {@code timestamp}, {@code threadName} and any
   * {@code throwable}); lines are appended to {@code logfile}, created {@code 0600} if absent
   * (stderr then gets nothing; missing directories above it are created {@code 0700}), or go to
   * stderr; the root level is DEBUG when {@code debug}, else INFO.
   *
   * <p>Meant for start-up: events logged by other threads while it runs may go to either
   * configuration, or be lost.
   *
   * @throws UncheckedIOException when {@code logfile} cannot be created or opened for appending
   */
  public static void apply(LogFormat format, Optional<Path> logfile, boolean debug) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      throw new IllegalStateException(
          "logging is not Logback: " + LoggerFactory.getILoggerFactory().getClass().getName());
    }
    install(context, format, logfile, debug);
  }

  private static void install(
      LoggerContext context, LogFormat format, Optional<Path> logfile, boolean debug) {
    OutputStreamAppender<ILoggingEvent> appender =
        logfile.map(file -> fileAppender(context, file)).orElseGet(() -> stderr(context));
    appender.setEncoder(format == LogFormat.JSON ? json(context) : text(context));
    appender.start();
    if (!appender.isStarted()) {
      throw new UncheckedIOException(
          new IOException("cannot open log file " + logfile.orElseThrow() + " for appending"));
    }
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAndStopAllAppenders();
    root.addAppender(appender);
    root.setLevel(debug ? Level.DEBUG : Level.INFO);
    // Rapid.CDN schemas carry UI keywords (textarea...) the validator warns about on every load:
    // nothing an operator can act on.
    context.getLogger("com.networknt.schema.keyword.UnknownKeywordFactory").setLevel(Level.ERROR);
  }

  private static OutputStreamAppender<ILoggingEvent> stderr(LoggerContext context) {
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("stderr");
    stderr.setTarget("System.err");
    return stderr;
  }

  private static OutputStreamAppender<ILoggingEvent> fileAppender(
      LoggerContext context, Path file) {
    createOwnerOnly(file);
    FileAppender<ILoggingEvent> appender = new FileAppender<>();
    appender.setContext(context);
    appender.setName("logfile");
    appender.setFile(file.toString());
    appender.setAppend(true);
    return appender;
  }

  private static void createOwnerOnly(Path file) {
    try {
      OwnerOnlyFiles.createParentDirectories(file);
      OwnerOnlyFiles.createIfAbsent(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create log file " + file + ": " + e, e);
    }
  }

  private static Encoder<ILoggingEvent> text(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    return encoder;
  }

  private static Encoder<ILoggingEvent> json(LoggerContext context) {
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext(context);
    // The formatted message only: the raw one and its arguments would repeat it.
    encoder.setWithFormattedMessage(true);
    encoder.setWithMessage(false);
    encoder.setWithArguments(false);
    encoder.setWithSequenceNumber(false);
    encoder.setWithNanoseconds(false);
    encoder.setWithContext(false);
    encoder.start();
    return encoder;
  }
}
