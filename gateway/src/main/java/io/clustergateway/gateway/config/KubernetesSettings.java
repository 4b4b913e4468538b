package io.clustergateway.gateway.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code gateway.clusters.<name>.kubernetes.*} of a cluster with discovery enabled.
 *
 * @param kubeconfig absent: the in-cluster service account (the application's default client)
 * @param context    absent: the kubeconfig's current context
 */
public record KubernetesSettings(Optional<Path> kubeconfig, Optional<String> context) {}
