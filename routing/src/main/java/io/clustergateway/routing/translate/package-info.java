/**
 * Clusters built alike (the same pod and service ranges) seen through virtual ranges of their own: which block
 * of the translation pool stands for which real range, and how an address maps between the two. The NAT that
 * realizes it lives with the backends in {@code nat}.
 */
package io.clustergateway.routing.translate;
