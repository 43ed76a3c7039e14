/**
 * The SlapOS master's clients, one per protocol: JSON-RPC ({@link
 * org.slapos.instancenode.master.MasterClient}, one typed method per JSON-RPC method the node uses)
 * and the classic SLAP protocol ({@link org.slapos.instancenode.master.SlapClient}, form-encoded
 * POSTs answered with {@link org.slapos.instancenode.master.SlapXml} marshalled values), both over
 * HTTP or HTTPS with the partition's client certificate ({@link
 * org.slapos.instancenode.master.MasterTls}). What the node writes goes through {@link
 * org.slapos.instancenode.master.MasterWrites}, whichever protocol {@link
 * org.slapos.instancenode.master.ConfiguredMaster} picked from the configuration.
 *
 * <p>Guarantees: every call goes through one {@link org.slapos.instancenode.master.MasterGuard}
 * (retry with exponential backoff and jitter for retriable failures only, a circuit breaker so an
 * outage costs one probe per interval, a {@code master-qps}/{@code master-burst} rate limiter);
 * failures are typed {@link org.slapos.instancenode.master.MasterException}s naming the method and
 * the instance, never holding secrets; a listing is returned whole or not at all. Also owns the
 * master's {@code result_list} wire format ({@link
 * org.slapos.instancenode.master.SharedInstanceList}), which {@code file:} sources share.
 */
package org.slapos.instancenode.master;
