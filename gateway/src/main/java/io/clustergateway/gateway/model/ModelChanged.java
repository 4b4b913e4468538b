package io.clustergateway.gateway.model;

import java.util.Optional;

/** CDI event: the model was replaced (configuration applied at start, or discovery changed something). */
public record ModelChanged(Optional<GatewayModel> previous, GatewayModel current) {}
