/**
 * BGP announcements through BIRD 2: the desired announcements as a value ({@link Announcement}), the whole
 * speaker configuration rendered from it ({@link BirdConfig}), the daemon run as a child process and
 * reconfigured with {@code birdc} ({@link BirdSpeaker}), and its state read back ({@link BirdStatus}).
 * The daemon is driven, never reimplemented: the same way the NAT backends drive {@code nft}.
 */
package io.clustergateway.routing.bgp;
