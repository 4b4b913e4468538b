package io.clustergateway.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The keys the gateway accepts come from {@link GatewayConfig} itself: groups, maps of groups, lists, optionals. */
class ConfigKeysTest {
    private final ConfigKeys keys = ConfigKeys.of(GatewayConfig.class, "gateway");

    @Test
    void everyKindOfKeyOfTheMappingIsKnown() {
        assertThat(keys.patterns()).contains("gateway.node-address", "gateway.dns.listen", "gateway.dns.cache.max-entries",
                "gateway.offices.*.cidrs", "gateway.clusters.*.pod-cidrs", "gateway.clusters.*.kubernetes.enabled",
                "gateway.nat.backend", "gateway.routes.summarize");
        assertThat(keys.isKnown("gateway.clusters.old.pod-cidrs")).isTrue();
        assertThat(keys.isKnown("gateway.clusters.old.pod-cidrs[0]")).as("list indexes are no part of a key").isTrue();
        assertThat(keys.isKnown("gateway.clusters.\"old.one\".dns")).as("a quoted map key holds dots").isTrue();
        assertThat(keys.isKnown("gateway.clusters.old.pod-cidr")).isFalse();
        assertThat(keys.isKnown("gateway.clusters.pod-cidrs")).as("a map needs its key").isFalse();
        assertThat(keys.isKnown("gateway.dns")).as("a group is no key").isFalse();
    }

    @Test
    void theNearestKeyKeepsTheMapNamesOfTheMistypedOne() {
        assertThat(keys.closest("gateway.clusters.old.pod-cidr")).hasValue("gateway.clusters.old.pod-cidrs");
        assertThat(keys.closest("gateway.dns.cahce.max-entries")).hasValue("gateway.dns.cache.max-entries");
        assertThat(keys.closest("gateway.clusters.new.kubernetes.enbled")).hasValue("gateway.clusters.new.kubernetes.enabled");
        assertThat(keys.closest("gateway.offices.hq.cidr")).hasValue("gateway.offices.hq.cidrs");
        assertThat(keys.closest("gateway.completely.different")).isEmpty();
    }

    @Test
    void namesAreKebabCaseAsSmallRyeMapsThem() {
        assertThat(ConfigKeys.kebab("serviceCidrs")).isEqualTo("service-cidrs");
        assertThat(ConfigKeys.kebab("maxTtl")).isEqualTo("max-ttl");
        assertThat(ConfigKeys.kebab("via")).isEqualTo("via");
    }
}
