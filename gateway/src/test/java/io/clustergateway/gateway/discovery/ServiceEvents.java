package io.clustergateway.gateway.discovery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every {@link ServiceChanged} the application fires, as "cluster:namespace/service". */
@ApplicationScoped
public class ServiceEvents {
    static final List<String> SEEN = new CopyOnWriteArrayList<>();

    void on(@Observes ServiceChanged event) {
        SEEN.add(event.cluster() + ":" + event.namespace() + "/" + event.service());
    }
}
