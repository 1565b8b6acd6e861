/**
 * Aeron between processes and hosts: binary codecs (hand-written flyweights over Agrona buffers,
 * every layout drawn in its javadoc), their validation with counted rejections, and the bridges
 * that move each flow between a local {@link io.surge.channel.Ring} or
 * {@link io.surge.channel.ParameterStore} and an Aeron publication or subscription: a
 * <em>Proxy</em> encodes outbound messages, an <em>Adapter</em> decodes inbound ones. Actor,
 * replay and learner code is the same in one JVM and across hosts: only the bridges are added.
 *
 * <p>Entry point: {@link io.surge.channel.aeron.AeronBridges} (makes the Aeron client, the media
 * driver when embedded, and the bridge roles a process needs). Guide: {@code docs/multi-host.md}.
 */
package io.surge.channel.aeron;
