package org.slapos.instancenode.ops;

import org.slapos.instancenode.store.InstanceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a collector shows from the request DB when scraped: read again only when the request DB
 * committed since the last read (the daemon is its only writer, so an unchanged commit count means
 * an unchanged picture); when the read fails, the last picture is kept and the failure logged.
 * Thread-safe.
 *
 * @param <T> the picture, immutable or never changed once returned
 */
final class RequestDbPicture<T> {
  private static final Logger LOG = LoggerFactory.getLogger(RequestDbPicture.class);

  /** Reads the next picture, given the last one (to keep its series); may throw. */
  interface Reader<T> {
    T read(InstanceStore requestDb, T last);
  }

  private final InstanceStore requestDb;
  private final String what;
  private final Reader<T> reader;
  private T picture;
  private long readAt = -1;

  /**
   * @param what the metric, for the failure's log line
   * @param initial shown until the first read succeeds
   */
  RequestDbPicture(InstanceStore requestDb, String what, T initial, Reader<T> reader) {
    this.requestDb = requestDb;
    this.what = what;
    this.picture = initial;
    this.reader = reader;
  }

  synchronized T current() {
    long commits = requestDb.commits();
    if (commits == readAt) {
      return picture;
    }
    try {
      picture = reader.read(requestDb, picture);
      readAt = commits;
    } catch (RuntimeException e) {
      LOG.atWarn()
          .setMessage("cannot read the request DB for /metrics; the last values are shown")
          .addKeyValue("metric", what)
          .addKeyValue("error", String.valueOf(e.getMessage()))
          .log();
    }
    return picture;
  }
}
