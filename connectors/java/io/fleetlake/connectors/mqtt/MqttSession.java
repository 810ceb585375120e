package io.fleetlake.connectors.mqtt;

import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt3.Mqtt3RxClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscribe;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscription;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5RxClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuth;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5ConnectRestrictions;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscribe;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscription;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.reactivex.Flowable;
import io.reactivex.FlowableSubscriber;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One persistent MQTT session (one client id) of a reader: connects with clean start off,
 * subscribes, hands every received message to the reader with a callback that acknowledges it, and
 * reconnects with exponential backoff after the broker goes away.
 *
 * <p>Flow control, so nothing is ever dropped: messages are received with manual acknowledgement,
 * so the broker never has more than receive-maximum unacknowledged messages out to this client
 * (MQTT 5; with 3.1.1 the broker's own in-flight window applies), and this session requests only as
 * many messages from the client as the reader has room for (reactive-streams demand). A slow job
 * therefore slows the broker down instead of overflowing a queue.
 *
 * <p>The publish stream is registered before connecting: a resumed session's queued messages arrive
 * right after CONNACK, and a client with no stream registered would acknowledge them unseen.
 */
final class MqttSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttSession.class);

    /** AWS IoT Core accepts at most 8 subscriptions per SUBSCRIBE packet. */
    private static final int SUBSCRIPTIONS_PER_PACKET = 8;

    /** A received message with the means to acknowledge it. */
    static final class Received {
        final MqttMessage message;
        final MqttSession session;
        private final Runnable ack;

        Received(MqttMessage message, MqttSession session, Runnable ack) {
            this.message = message;
            this.session = session;
            this.ack = ack;
        }

        /**
         * Sends the PUBACK (asynchronously; a message received on a connection since lost is
         * redelivered).
         */
        void acknowledge() {
            ack.run();
        }
    }

    /** Where the session reports to (the reader). */
    interface Listener {
        /** A message arrived (called on the client's I/O thread; must not block). */
        void onMessage(Received received);

        void onConnected(MqttSession session, boolean reconnect);

        void onDisconnected(MqttSession session, Throwable cause);
    }

    private final MqttConnectionConfig config;
    private final int index;
    private final String clientId;
    private final int capacity;
    private final Listener listener;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean everConnected = new AtomicBoolean();
    private final AtomicBoolean connected = new AtomicBoolean();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicReference<Subscription> subscription = new AtomicReference<>();

    private Mqtt5RxClient client5;
    private Mqtt3RxClient client3;

    /**
     * @param config connection settings
     * @param index the session's index (its split); the client id is {@code prefix-index}
     * @param capacity how many received but not yet taken messages this session may hand over
     * @param listener receives messages and connection events
     */
    MqttSession(MqttConnectionConfig config, int index, int capacity, Listener listener) {
        this.config = config;
        this.index = index;
        this.clientId = config.clientId(index);
        this.capacity = capacity;
        this.listener = listener;
    }

    int index() {
        return index;
    }

    String clientId() {
        return clientId;
    }

    boolean isConnected() {
        return connected.get();
    }

    /**
     * A failure the session cannot recover from (e.g. the broker refused a subscription), or null.
     */
    Throwable failure() {
        return failure.get();
    }

    /**
     * Registers the publish stream, then connects (retrying with backoff until it succeeds) and
     * subscribes.
     */
    void start() throws Exception {
        MqttClientBuilder builder =
                MqttClients.builder(config, clientId)
                        .addConnectedListener(this::connectedEvent)
                        .addDisconnectedListener(this::disconnectedEvent);
        CompletableFuture<?> connect;
        if (config.mqttVersion() == MqttConnectionConfig.MQTT_5) {
            client5 = builder.useMqttVersion5().buildRx();
            receive(client5.publishes(MqttGlobalPublishFilter.ALL, true).map(this::received5));
            var connectBuilder =
                    client5.toAsync()
                            .connectWith()
                            .cleanStart(false)
                            .sessionExpiryInterval(config.sessionExpiry().getSeconds())
                            .keepAlive((int) config.keepAlive().getSeconds())
                            .restrictions(
                                    Mqtt5ConnectRestrictions.builder()
                                            .receiveMaximum(config.receiveMaximum())
                                            .build());
            if (config.username() != null || config.password() != null) {
                connectBuilder = connectBuilder.simpleAuth(MqttSession.simpleAuth5(config));
            }
            connect = connectBuilder.send();
        } else {
            client3 = builder.useMqttVersion3().buildRx();
            receive(client3.publishes(MqttGlobalPublishFilter.ALL, true).map(this::received3));
            var connectBuilder =
                    client3.toAsync()
                            .connectWith()
                            .cleanSession(false)
                            .keepAlive((int) config.keepAlive().getSeconds());
            if (config.username() != null) {
                var auth = connectBuilder.simpleAuth().username(config.username());
                if (config.password() != null) {
                    auth = auth.password(config.password().getBytes(StandardCharsets.UTF_8));
                }
                connectBuilder = auth.applySimpleAuth();
            }
            connect = connectBuilder.send();
        }
        LOG.info(
                "mqtt: session {} connecting to {}, subscriptions {}",
                clientId,
                config.brokerAddress(),
                config.subscriptionFilters());
        // The future completes once a connection succeeds (the client keeps retrying with backoff
        // until then).
        connect.whenComplete(
                (ack, error) -> {
                    if (error != null) {
                        if (!closed.get()) {
                            failure.compareAndSet(
                                    null,
                                    new IllegalStateException(
                                            "mqtt: session "
                                                    + clientId
                                                    + " gave up connecting to "
                                                    + config.brokerAddress()
                                                    + ": "
                                                    + error,
                                            error));
                        }
                        return;
                    }
                    subscribe();
                });
    }

    /** MQTT 5 username/password (either may be absent). */
    static Mqtt5SimpleAuth simpleAuth5(MqttConnectionConfig config) {
        byte[] password =
                config.password() == null
                        ? null
                        : config.password().getBytes(StandardCharsets.UTF_8);
        if (config.username() == null) {
            return Mqtt5SimpleAuth.builder().password(password).build();
        }
        var auth = Mqtt5SimpleAuth.builder().username(config.username());
        return password == null ? auth.build() : auth.password(password).build();
    }

    /**
     * Subscribes once; after a reconnect that lost the session the client re-subscribes by itself.
     */
    private void subscribe() {
        List<String> filters = config.subscriptionFilters();
        MqttQos qos = MqttQos.fromCode(config.qos());
        List<CompletableFuture<?>> acks = new ArrayList<>();
        for (int from = 0; from < filters.size(); from += SUBSCRIPTIONS_PER_PACKET) {
            List<String> chunk =
                    filters.subList(
                            from, Math.min(filters.size(), from + SUBSCRIPTIONS_PER_PACKET));
            if (client5 != null) {
                List<Mqtt5Subscription> subs = new ArrayList<>();
                for (String f : chunk) {
                    subs.add(
                            Mqtt5Subscription.builder()
                                    .topicFilter(f)
                                    .qos(qos)
                                    // Re-subscribing an existing subscription must not resend
                                    // retained messages.
                                    .retainHandling(
                                            Mqtt5RetainHandling.SEND_IF_SUBSCRIPTION_DOES_NOT_EXIST)
                                    .build());
                }
                acks.add(
                        client5.toAsync()
                                .subscribe(Mqtt5Subscribe.builder().addSubscriptions(subs).build())
                                .thenAccept(
                                        subAck -> {
                                            List<Mqtt5SubAckReasonCode> codes =
                                                    subAck.getReasonCodes();
                                            for (int i = 0; i < codes.size(); i++) {
                                                if (codes.get(i).isError()) {
                                                    refused(chunk.get(i), codes.get(i).toString());
                                                }
                                            }
                                        }));
            } else {
                List<Mqtt3Subscription> subs = new ArrayList<>();
                for (String f : chunk) {
                    subs.add(Mqtt3Subscription.builder().topicFilter(f).qos(qos).build());
                }
                acks.add(
                        client3.toAsync()
                                .subscribe(Mqtt3Subscribe.builder().addSubscriptions(subs).build())
                                .thenAccept(
                                        subAck -> {
                                            List<Mqtt3SubAckReturnCode> codes =
                                                    subAck.getReturnCodes();
                                            for (int i = 0; i < codes.size(); i++) {
                                                if (codes.get(i).isError()) {
                                                    refused(chunk.get(i), codes.get(i).toString());
                                                }
                                            }
                                        }));
            }
        }
        CompletableFuture.allOf(acks.toArray(new CompletableFuture<?>[0]))
                .whenComplete(
                        (v, error) -> {
                            if (error != null && !closed.get()) {
                                failure.compareAndSet(
                                        null,
                                        new IllegalStateException(
                                                "mqtt: session "
                                                        + clientId
                                                        + " could not subscribe: "
                                                        + error,
                                                error));
                            } else if (error == null) {
                                LOG.info(
                                        "mqtt: session {} subscribed to {} with QoS {}",
                                        clientId,
                                        filters,
                                        config.qos());
                            }
                        });
    }

    private void refused(String filter, String code) {
        failure.compareAndSet(
                null,
                new IllegalStateException(
                        "mqtt: broker "
                                + config.brokerAddress()
                                + " refused subscription '"
                                + filter
                                + "' for client "
                                + clientId
                                + " ("
                                + code
                                + "); check the broker's policy/ACL for this client id and topic filter"));
    }

    private void receive(Flowable<Received> publishes) {
        publishes.subscribe(
                new FlowableSubscriber<Received>() {
                    @Override
                    public void onSubscribe(Subscription s) {
                        subscription.set(s);
                        s.request(capacity);
                    }

                    @Override
                    public void onNext(Received received) {
                        listener.onMessage(received);
                    }

                    @Override
                    public void onError(Throwable t) {
                        if (!closed.get()) {
                            failure.compareAndSet(
                                    null,
                                    new IllegalStateException(
                                            "mqtt: session "
                                                    + clientId
                                                    + " stopped receiving: "
                                                    + t,
                                            t));
                        }
                    }

                    @Override
                    public void onComplete() {}
                });
    }

    /** The reader took {@code n} messages of this session off its buffer: let as many more in. */
    void request(long n) {
        Subscription s = subscription.get();
        if (s != null && n > 0) {
            s.request(n);
        }
    }

    private Received received5(Mqtt5Publish p) {
        MqttMessage m =
                new MqttMessage(
                        p.getTopic().toString(),
                        p.getPayloadAsBytes(),
                        p.getQos().getCode(),
                        p.isRetain(),
                        System.currentTimeMillis());
        return new Received(m, this, p::acknowledge);
    }

    private Received received3(Mqtt3Publish p) {
        MqttMessage m =
                new MqttMessage(
                        p.getTopic().toString(),
                        p.getPayloadAsBytes(),
                        p.getQos().getCode(),
                        p.isRetain(),
                        System.currentTimeMillis());
        return new Received(m, this, p::acknowledge);
    }

    private void connectedEvent(MqttClientConnectedContext context) {
        connected.set(true);
        boolean reconnect = everConnected.getAndSet(true);
        LOG.info(
                "mqtt: session {} {} {}",
                clientId,
                reconnect ? "reconnected to" : "connected to",
                config.brokerAddress());
        listener.onConnected(this, reconnect);
    }

    private void disconnectedEvent(MqttClientDisconnectedContext context) {
        boolean wasConnected = connected.getAndSet(false);
        if (closed.get()) {
            context.getReconnector().reconnect(false);
            return;
        }
        if (context.getSource() == MqttDisconnectSource.USER) {
            return;
        }
        Throwable cause = context.getCause();
        if (context.getSource() == MqttDisconnectSource.CLIENT
                && cause instanceof Mqtt5DisconnectException
                && ((Mqtt5DisconnectException) cause).getMqttMessage().getReasonCode()
                        == Mqtt5DisconnectReasonCode.RECEIVE_MAXIMUM_EXCEEDED) {
            // The broker sent more unacknowledged QoS 1 messages than the receive-maximum this
            // session announced, and the client hung up (MQTT 5 protocol error). This does not
            // heal by reconnecting: on the resumed session the broker resends everything it has
            // in flight, again more than the receive-maximum, so the session would reconnect
            // forever without delivering a message (a silent stall). Fail loudly instead.
            // Mosquitto before 2.0.13 does this as soon as a PUBACK arrives for a message that is
            // not the newest in flight while messages are queued (eclipse/mosquitto#2306).
            failure.compareAndSet(
                    null,
                    new IllegalStateException(
                            "mqtt: broker "
                                    + config.brokerAddress()
                                    + " sent session "
                                    + clientId
                                    + " more unacknowledged QoS 1 messages than its receive-maximum ("
                                    + config.receiveMaximum()
                                    + "), a broker bug (Mosquitto before 2.0.13 has it); reconnecting "
                                    + "cannot recover. Upgrade the broker or raise receive-maximum "
                                    + "(Source.Mqtt receive-maximum, default 65535)"));
        }
        long delayMs = context.getReconnector().getDelay(TimeUnit.MILLISECONDS);
        // The cause names the broker and the failure (refused, TLS handshake, timeout), never
        // credentials.
        if (wasConnected) {
            LOG.warn(
                    "mqtt: session {} lost its connection to {} ({}: {}); reconnecting in {} ms (attempt {})",
                    clientId,
                    config.brokerAddress(),
                    context.getSource(),
                    cause.getMessage(),
                    delayMs,
                    context.getReconnector().getAttempts() + 1);
        } else {
            LOG.warn(
                    "mqtt: session {} cannot connect to {} ({}: {}); retrying in {} ms (attempt {})",
                    clientId,
                    config.brokerAddress(),
                    context.getSource(),
                    cause.getMessage(),
                    delayMs,
                    context.getReconnector().getAttempts() + 1);
        }
        listener.onDisconnected(this, cause);
    }

    /**
     * Disconnects, keeping the persistent session on the broker: what was not acknowledged is
     * redelivered to the next connection with this client id.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Subscription s = subscription.get();
        CompletableFuture<Void> done;
        try {
            done =
                    client5 != null
                            ? client5.toAsync().disconnect()
                            : client3 != null
                                    ? client3.toAsync().disconnect()
                                    : CompletableFuture.completedFuture(null);
            done.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Not connected (e.g. waiting to reconnect): the disconnected listener cancels the
            // reconnect.
            LOG.debug("mqtt: session {} disconnect: {}", clientId, e.toString());
        }
        if (s != null) {
            s.cancel();
        }
        LOG.info("mqtt: session {} closed", clientId);
    }
}
