/**
 * Where desired state comes from: the SlapOS master, the instance DB that SlapOS writes, or a JSON
 * file. A source either returns the complete list of entries or fails; it never returns a partial
 * list, so that "could not list" is never mistaken for "everything was removed".
 */
package org.slapos.instancenode.desired;
