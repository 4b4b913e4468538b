package io.clustergateway.gateway.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where an effective value came from. */
public enum Source {
    CONFIG,
    DISCOVERY,
    /** Neither configured nor (yet) discovered. */
    NONE;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
