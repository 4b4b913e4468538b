package io.clustergateway.gateway.discovery;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Keeps one cluster's {@link DiscoveredCluster} current from SharedInformers on nodes, Services (all namespaces:
 * kube-dns lives in kube-system, and every add/delete may end a cached NXDOMAIN), the kubeadm-config ConfigMap
 * and ServiceCIDR objects.
 *
 * <p>Nothing here blocks or throws into the caller: connecting happens on the scheduler, a failure leaves the
 * cluster {@code apiReachable=false} with the error and retries with exponential backoff. Once informers run,
 * fabric8 re-establishes broken watches itself (also with backoff); their caches keep the last known objects,
 * so the last known values stay in force while the API is away.
 */
final class ClusterWatch implements AutoCloseable {

    /** Where a watch reports; called from informer and scheduler threads. */
    interface Events {
        void changed(DiscoveredCluster previous, DiscoveredCluster current);

        void serviceChanged(String cluster, String namespace, String service);
    }

    private static final Logger LOG = Logger.getLogger(ClusterWatch.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY = Duration.ofMinutes(1);

    private final String cluster;
    private final Supplier<ClusterClient> opener;
    private final Events events;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    /** Longer than any sensible negative-max-ttl plus clock skew between the API server and this node. */
    private static final Duration RECENT_SERVICE = Duration.ofMinutes(10);
    private final List<SharedIndexInformer<?>> informers = new CopyOnWriteArrayList<>();

    private volatile ClusterClient client;
    private volatile SharedIndexInformer<Node> nodes;
    private volatile SharedIndexInformer<Service> services;
    private volatile SharedIndexInformer<ConfigMap> kubeadmConfig;
    private volatile Optional<SharedIndexInformer<GenericKubernetesResource>> serviceCidrs = Optional.empty();
    private volatile String lastError;
    private volatile boolean informerFailed;
    private volatile boolean pingFailed;
    private boolean everWatching;
    private volatile boolean closed;
    private int failedAttempts;
    private DiscoveredCluster current;

    ClusterWatch(String cluster, Supplier<ClusterClient> opener, Events events, Clock clock) {
        this.cluster = cluster;
        this.opener = opener;
        this.events = events;
        // a thread per cluster: connecting to an unreachable API blocks for a while and must not delay the others
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "discovery-" + cluster);
            thread.setDaemon(true);
            return thread;
        });
        this.clock = clock;
        this.current = DiscoveredCluster.unknown(cluster, clock.instant());
    }

    DiscoveredCluster current() {
        synchronized (this) {
            return current;
        }
    }

    /** Connects in the background; returns at once. */
    void start(Duration statusInterval, Duration pingInterval) {
        scheduler.execute(this::connect);
        // informers report failures but not recovery: the periodic look at isWatching() notices the latter
        scheduler.scheduleWithFixedDelay(this::refresh, statusInterval.toMillis(), statusInterval.toMillis(),
                TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::ping, pingInterval.toMillis(), pingInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Asks the API for its version. fabric8 re-establishes a dropped watch silently and indefinitely, so while
     * the API is down every informer still looks fine; this is what notices. Any HTTP answer (even 401/404)
     * proves the server reachable; only a transport failure counts. The values still come from the watches.
     */
    private void ping() {
        ClusterClient opened = client;
        if (opened == null || nodes == null || closed) {
            return;
        }
        try {
            opened.client().getKubernetesVersion();
            pingFailed = false;
        } catch (KubernetesClientException e) {
            pingFailed = e.getCode() <= 0;
            if (pingFailed) {
                lastError = connectFailure(e);
            }
        }
        refresh();
    }

    private void connect() {
        if (closed) {
            return;
        }
        try {
            if (client == null) {
                client = opener.get();
            }
            KubernetesClient api = client.client();
            // probing first also proves the API answers; a failure here retries the whole connect
            Optional<String> serviceCidrVersion = serviceCidrVersion(api);
            startInformers(api, serviceCidrVersion);
            LOG.debugf("cluster %s: watches started (ServiceCIDR %s)", cluster, serviceCidrVersion.orElse("not served"));
        } catch (RuntimeException e) {
            if (closed) {
                return; // interrupted by close(): not a failure worth reporting
            }
            lastError = connectFailure(e);
            Duration delay = retryDelay(failedAttempts++);
            LOG.warnf("cluster %s: Kubernetes API unavailable (%s); retrying in %ss", cluster, lastError, delay.toSeconds());
            refresh();
            later(this::connect, delay);
        }
    }

    /** Runs {@code task} on this cluster's thread after {@code delay}; after close() there is nothing left to do. */
    private void later(Runnable task, Duration delay) {
        try {
            scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debugf("cluster %s: closed, not scheduling %s", cluster, task);
        }
    }

    static Duration retryDelay(int failedAttempts) {
        Duration delay = FIRST_RETRY.multipliedBy(1L << Math.min(failedAttempts, 10));
        return delay.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : delay;
    }

    /** The newest ServiceCIDR version the API serves; empty when none is (before 1.31) or we may not read it. */
    private Optional<String> serviceCidrVersion(KubernetesClient api) {
        for (String version : ServiceCidrs.VERSIONS) {
            try {
                api.genericKubernetesResources(ServiceCidrs.context(version))
                        .list(new ListOptionsBuilder().withLimit(1L).build());
                return Optional.of(version);
            } catch (KubernetesClientException e) {
                if (e.getCode() == 403) {
                    LOG.warnf("cluster %s: may not list servicecidrs.%s (%s); service CIDRs come from kubeadm-config",
                            cluster, ServiceCidrs.GROUP, e.getMessage());
                    return Optional.empty();
                }
                if (e.getCode() != 404) {
                    throw e;
                }
            }
        }
        return Optional.empty();
    }

    private void startInformers(KubernetesClient api, Optional<String> serviceCidrVersion) {
        // a retry after a half-finished attempt must not leave a second set of informers behind
        informers.forEach(SharedIndexInformer::stop);
        informers.clear();
        nodes = register(api.nodes().runnableInformer(0), new Refresh<>());
        services = register(api.services().inAnyNamespace().runnableInformer(0), new ServiceEvents());
        kubeadmConfig = register(api.configMaps().inNamespace(KubeadmNetworking.NAMESPACE)
                .withName(KubeadmNetworking.CONFIG_MAP).runnableInformer(0), new Refresh<>());
        serviceCidrs = serviceCidrVersion.map(version -> register(
                api.genericKubernetesResources(ServiceCidrs.context(version)).runnableInformer(0), new Refresh<>()));
        informers.forEach(SharedIndexInformer::start);
    }

    private <T> SharedIndexInformer<T> register(SharedIndexInformer<T> informer, ResourceEventHandler<T> handler) {
        informer.addEventHandler(handler);
        informer.exceptionHandler((started, failure) -> {
            lastError = connectFailure(failure);
            informerFailed = true;
            later(this::refresh, Duration.ZERO);
            return !closed; // keep retrying (fabric8 backs off) until we close
        });
        informers.add(informer);
        return informer;
    }

    /** Recomputes the values from the informer caches; tells {@link Events} when they differ from the last ones. */
    void refresh() {
        if (closed) {
            return;
        }
        DiscoveredCluster previous;
        DiscoveredCluster next;
        synchronized (this) {
            next = compute();
            if (next.sameValuesAs(current)) {
                return;
            }
            previous = current;
            current = next;
            ChangeLog.log(previous, next);
            // inside the lock: observers see changes of one cluster in order
            events.changed(previous, next);
        }
    }

    private DiscoveredCluster compute() {
        boolean started = nodes != null;
        boolean allWatching = started && informers.stream().allMatch(SharedIndexInformer::isWatching);
        if (allWatching) {
            everWatching = true;
            informerFailed = false;
        }
        // a watch ends gracefully every few minutes and is re-established at once: not an outage unless it failed
        boolean reachable = everWatching && !pingFailed && (allWatching || !informerFailed);
        Optional<String> error = reachable ? Optional.empty() : Optional.ofNullable(lastError);
        DiscoveredValues values = started ? valuesFromCaches() : new DiscoveredValues(current.dns(), current.podCidrs(),
                current.podCidrSource(), current.serviceCidrs(), current.serviceCidrSource());
        return new DiscoveredCluster(cluster, values.dns(), values.podCidrs(), values.serviceCidrs(),
                values.podCidrSource(), values.serviceCidrSource(), reachable, error, clock.instant());
    }

    private DiscoveredValues valuesFromCaches() {
        return DiscoveredValues.from(
                nodes.getStore().list(),
                services.getIndexer().byIndex(Cache.NAMESPACE_INDEX, CoreDnsLocator.NAMESPACE),
                kubeadmConfig.getStore().list().stream().findFirst(),
                serviceCidrs.map(informer -> informer.getStore().list()).orElse(List.of()));
    }

    private String connectFailure(Throwable failure) {
        ClusterClient opened = client;
        return opened == null ? Failures.describe(failure) : Failures.describe(failure, opened.client().getMasterUrl());
    }

    @Override
    public void close() {
        closed = true;
        informers.forEach(SharedIndexInformer::stop);
        scheduler.shutdownNow();
        ClusterClient opened = client;
        if (opened != null) {
            opened.close();
        }
    }

    /** Any change of a watched object may change the values. */
    private class Refresh<T> implements ResourceEventHandler<T> {
        @Override
        public void onAdd(T obj) {
            refresh();
        }

        @Override
        public void onUpdate(T oldObj, T newObj) {
            refresh();
        }

        @Override
        public void onDelete(T obj, boolean deletedFinalStateUnknown) {
            refresh();
        }
    }

    /** Services: adds and deletes anywhere matter to the DNS cache; kube-system ones also to the CoreDNS address. */
    private final class ServiceEvents implements ResourceEventHandler<Service> {
        @Override
        public void onAdd(Service service) {
            // The informer's first list "adds" every existing Service, and each purge scans the DNS cache. Only a
            // Service born recently can have a negative cache entry still alive (negative TTLs are capped), so
            // older ones are skipped: thousands of Services cost nothing at connect time.
            if (isRecent(service)) {
                events.serviceChanged(cluster, namespace(service), service.getMetadata().getName());
            }
            refreshIfKubeSystem(service);
        }

        @Override
        public void onUpdate(Service oldService, Service newService) {
            refreshIfKubeSystem(newService);
        }

        @Override
        public void onDelete(Service service, boolean deletedFinalStateUnknown) {
            events.serviceChanged(cluster, namespace(service), service.getMetadata().getName());
            refreshIfKubeSystem(service);
        }

        private void refreshIfKubeSystem(HasMetadata service) {
            if (CoreDnsLocator.NAMESPACE.equals(namespace(service))) {
                refresh();
            }
        }

        private boolean isRecent(HasMetadata object) {
            String created = object.getMetadata().getCreationTimestamp();
            if (created == null) {
                return true;
            }
            try {
                return Instant.parse(created).isAfter(clock.instant().minus(RECENT_SERVICE));
            } catch (DateTimeParseException e) {
                return true;
            }
        }

        private static String namespace(HasMetadata object) {
            return object.getMetadata().getNamespace();
        }
    }
}
