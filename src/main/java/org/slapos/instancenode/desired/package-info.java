/**
 * Where desired state comes from: the SlapOS master, the instance DB that SlapOS writes, or a JSON
 * file. A source either returns the complete list of entries or fails; it never returns a partial
 * list, so that "could not list" is never mistaken for "everything was removed".
 *
 * <p>The validated desired entries are then held in an informer cache, as Kubernetes controllers
 * hold theirs: {@link org.slapos.instancenode.desired.DesiredCache} (Fabric8's item store by
 * reference, a compact index by host) filled from the instance DB by {@link
 * org.slapos.instancenode.desired.DesiredPoller}, which applies only what changed and then tells
 * Fabric8 event handlers. A failed read changes nothing in the cache. The instance DB that SlapOS
 * writes is followed across its replacements by {@link
 * org.slapos.instancenode.desired.InstanceDbFile}, and never created: a missing file fails the
 * read.
 */
package org.slapos.instancenode.desired;
