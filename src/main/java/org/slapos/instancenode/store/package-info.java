/**
 * The SQLite stores: the instance DB and the request DB ({@link
 * org.slapos.instancenode.store.InstanceStore}) and the domain DB ({@link
 * org.slapos.instancenode.store.DomainStore}).
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li>Compatibility: the upstream tables keep the exact names, columns and meanings of the Python
 *       implementation. A file it wrote is adopted as it is (no data change), and a file we wrote
 *       stays readable by it and by operators' SQL queries. Our own additions are new tables or
 *       indexes, never changed meanings of upstream columns.
 *   <li>Files are created {@code 0600} before SQLite first opens them; SQLite gives the {@code
 *       -wal} and {@code -shm} files the same permissions. Opening checks {@code PRAGMA
 *       integrity_check} and refuses a damaged file or one whose schema is newer than this program.
 *   <li>Every file has {@code schema_version(version, name)}; migrations are ordered and each is
 *       applied in its own transaction together with its row.
 *   <li>Each write method is one transaction ({@code BEGIN IMMEDIATE}): it is committed whole or
 *       not at all, even when another process writes the same file. Under a {@link
 *       org.slapos.instancenode.store.GroupCommit} scope, the writes of many threads share one
 *       transaction, each still whole or not at all (a savepoint), and their callers learn when it
 *       is committed or lost; a lost group rolls back the open groups of the files committed after
 *       it, so that no verdict outlives the facts it shows.
 *   <li>Thread-safety: every store is safe for use by many threads. It owns one connection and
 *       serialises all its reads and writes on it; readers see committed data, and in this process
 *       also the writes of an open group commit.
 *   <li>Stores never read the clock: timestamps (Unix seconds as text, as Python writes them) are
 *       passed in by callers.
 * </ul>
 *
 * Failures are reported as {@link org.slapos.instancenode.store.StoreException}, whose message
 * names the file.
 */
package org.slapos.instancenode.store;
