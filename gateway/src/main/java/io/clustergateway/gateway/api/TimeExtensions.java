package io.clustergateway.gateway.api;

import io.quarkus.qute.TemplateExtension;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the status page prints instants: a person reads "2026-11-22 00:51:21 UTC", not nanoseconds. */
@TemplateExtension
final class TimeExtensions {
    private static final DateTimeFormatter READABLE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private TimeExtensions() {}

    static String readable(Instant instant) {
        return READABLE.format(instant);
    }
}
