/**
 * DNS for clusters built alike: a translated cluster's answers carry the virtual addresses that stand for its
 * real ones, and reverse names of virtual addresses are asked as the real ones. Applied where the cluster's pool
 * answers, so that the cache holds translated answers only.
 */
package io.clustergateway.dns.translate;
