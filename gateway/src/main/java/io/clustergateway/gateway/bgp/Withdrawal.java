package io.clustergateway.gateway.bgp;

import io.clustergateway.routing.Cidr;

/** A prefix this gateway would announce but does not now, and why. */
public record Withdrawal(Cidr prefix, String owner, String reason) {}
