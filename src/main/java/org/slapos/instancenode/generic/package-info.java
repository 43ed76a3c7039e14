/**
 * The {@code generic} kind, SlapOS's base instance node: every entry valid by the schema is
 * requested from the master as an instance of the configured software release, its connection
 * parameters are published back to the entry, and removed entries are requested destroyed.
 */
package org.slapos.instancenode.generic;
