package io.clustergateway.dns.chain;

/** How a query reached us; decides the answer size limit. */
public enum Transport {
    UDP,
    TCP
}
