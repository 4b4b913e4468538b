package io.clustergateway.gateway.testsupport;

import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import java.lang.annotation.Annotation;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/** A CDI {@link Event} outside a container: fired events go to one consumer, synchronously, as CDI does. */
public final class Events<T> implements Event<T> {
    private final Consumer<T> observer;

    private Events(Consumer<T> observer) {
        this.observer = observer;
    }

    /** Nobody observes: the test drives the receiving side itself. */
    public static <T> Events<T> none() {
        return new Events<>(event -> {});
    }

    public static <T> Events<T> to(Consumer<T> observer) {
        return new Events<>(observer);
    }

    @Override
    public void fire(T event) {
        observer.accept(event);
    }

    @Override
    public <U extends T> CompletionStage<U> fireAsync(U event) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <U extends T> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Event<T> select(Annotation... qualifiers) {
        return this;
    }

    @Override
    public <U extends T> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <U extends T> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
        throw new UnsupportedOperationException();
    }
}
