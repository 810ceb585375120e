package io.fleetlake.connectors.mqtt;

import io.fleetlake.connectors.config.ConfigStrings;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;

/**
 * How to reach a broker and what to subscribe to: broker URI, client ids, topic filters,
 * shared-subscription group, protocol version, persistent-session settings, flow control,
 * credentials and reconnect backoff.
 *
 * <p>Holds secrets (password, private key), so {@link #toString()} never prints them. Immutable and
 * serializable: it travels inside the job graph to every reader.
 */
public final class MqttConnectionConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** MQTT 5, the default: session expiry and receive maximum are negotiated with the broker. */
    public static final int MQTT_5 = 5;

    /**
     * MQTT 3.1.1: a persistent session is "clean session = false"; the broker's in-flight limit
     * applies.
     */
    public static final int MQTT_3 = 3;

    private final String host;
    private final int port;
    private final boolean tls;
    private final String clientIdPrefix;
    private final List<String> topics;
    private final String sharedGroup;
    private final int qos;
    private final int mqttVersion;
    private final Duration sessionExpiry;
    private final int receiveMaximum;
    private final String username;
    private final String password;
    private final String certificate;
    private final String privateKey;
    private final String caCertificate;
    private final Duration reconnectInitialDelay;
    private final Duration reconnectMaxDelay;
    private final Duration keepAlive;

    private MqttConnectionConfig(Builder b) {
        URI uri = parseBroker(b.brokerUri);
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        this.tls = scheme.equals("ssl") || scheme.equals("mqtts") || scheme.equals("tls");
        this.host = uri.getHost();
        this.port = uri.getPort() > 0 ? uri.getPort() : (tls ? 8883 : 1883);
        this.clientIdPrefix = requireText(b.clientIdPrefix, "client-id-prefix");
        this.topics = Collections.unmodifiableList(new ArrayList<>(b.topics));
        this.sharedGroup =
                b.sharedGroup == null || b.sharedGroup.isBlank() ? null : b.sharedGroup.trim();
        this.qos = b.qos;
        this.mqttVersion = b.mqttVersion;
        this.sessionExpiry = Objects.requireNonNull(b.sessionExpiry, "session-expiry");
        this.receiveMaximum = b.receiveMaximum;
        this.username = ConfigStrings.blankToNull(b.username);
        this.password = ConfigStrings.blankToNull(b.password);
        this.certificate = ConfigStrings.blankToNull(b.certificate);
        this.privateKey = ConfigStrings.blankToNull(b.privateKey);
        this.caCertificate = ConfigStrings.blankToNull(b.caCertificate);
        this.reconnectInitialDelay =
                Objects.requireNonNull(b.reconnectInitialDelay, "reconnect-initial-delay");
        this.reconnectMaxDelay = Objects.requireNonNull(b.reconnectMaxDelay, "reconnect-max-delay");
        this.keepAlive = Objects.requireNonNull(b.keepAlive, "keep-alive");
        validate();
    }

    private void validate() {
        for (String t : topics) {
            if (t.isBlank()) {
                throw new IllegalArgumentException("mqtt: empty topic filter");
            }
            if (t.startsWith("$share/")) {
                throw new IllegalArgumentException(
                        "mqtt: topic filter '"
                                + t
                                + "' already names a shared subscription; set shared-group instead");
            }
        }
        if (sharedGroup != null
                && (sharedGroup.contains("/")
                        || sharedGroup.contains("+")
                        || sharedGroup.contains("#"))) {
            throw new IllegalArgumentException(
                    "mqtt: shared-group must not contain '/', '+' or '#': " + sharedGroup);
        }
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("mqtt: qos must be 0, 1 or 2, got " + qos);
        }
        if (mqttVersion != MQTT_5 && mqttVersion != MQTT_3) {
            throw new IllegalArgumentException(
                    "mqtt: mqtt-version must be 5 or 3, got " + mqttVersion);
        }
        if (receiveMaximum < 1 || receiveMaximum > 65535) {
            throw new IllegalArgumentException(
                    "mqtt: receive-maximum must be in 1..65535, got " + receiveMaximum);
        }
        if (sessionExpiry.isNegative() || sessionExpiry.getSeconds() > 0xFFFFFFFFL) {
            throw new IllegalArgumentException(
                    "mqtt: session-expiry out of range: " + sessionExpiry);
        }
        if ((certificate == null) != (privateKey == null)) {
            throw new IllegalArgumentException(
                    "mqtt: a client certificate needs its private key and vice versa");
        }
        if (!tls && (certificate != null || caCertificate != null)) {
            throw new IllegalArgumentException(
                    "mqtt: certificates are set but the broker URI is not ssl:// or mqtts://");
        }
        if (reconnectInitialDelay.isNegative()
                || reconnectInitialDelay.isZero()
                || reconnectMaxDelay.compareTo(reconnectInitialDelay) < 0) {
            throw new IllegalArgumentException(
                    "mqtt: reconnect delays must be > 0 and max >= initial");
        }
        if (keepAlive.getSeconds() < 0 || keepAlive.getSeconds() > 65535) {
            throw new IllegalArgumentException("mqtt: keep-alive must be 0..65535 s");
        }
    }

    private static URI parseBroker(String broker) {
        requireText(broker, "broker");
        URI uri;
        try {
            uri = URI.create(broker.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mqtt: bad broker URI '" + broker + "'", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!List.of("tcp", "mqtt", "ssl", "mqtts", "tls").contains(scheme)
                || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    "mqtt: broker must look like tcp://host:1883 or ssl://host:8883, got '"
                            + broker
                            + "'");
        }
        return uri;
    }

    private static String requireText(String s, String what) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException("mqtt: " + what + " must be set");
        }
        return s.trim();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The connection the {@link MqttOptions} in {@code config} describe (the {@code Source.Mqtt}
     * group; also used by {@code produce-mqtt}). Fails with {@link IllegalArgumentException} naming
     * the key.
     */
    public static MqttConnectionConfig fromConfiguration(ReadableConfig config) {
        return connection(config, MqttOptions.CLIENT_ID_PREFIX, MqttOptions.QOS)
                .topics(config.get(MqttOptions.TOPICS))
                .sharedGroup(config.get(MqttOptions.SHARED_GROUP))
                .sessionExpiry(config.get(MqttOptions.SESSION_EXPIRY))
                .receiveMaximum(config.get(MqttOptions.RECEIVE_MAXIMUM))
                .keepAlive(config.get(MqttOptions.KEEP_ALIVE))
                .reconnectBackoff(
                        config.get(MqttOptions.RECONNECT_INITIAL_DELAY),
                        config.get(MqttOptions.RECONNECT_MAX_DELAY))
                .build();
    }

    /** The source's {@code thing-name-prefixes} (empty: no filter). */
    public static java.util.List<String> thingNamePrefixes(ReadableConfig config) {
        return config.getOptional(MqttOptions.THING_NAME_PREFIXES).orElse(java.util.List.of());
    }

    /**
     * A builder with what the shared {@link MqttConnectionOptions} in {@code config} say (broker,
     * MQTT version, credentials, TLS) and the group's own client-id prefix and QoS options.
     */
    public static Builder connection(
            ReadableConfig config, ConfigOption<String> clientIdPrefix, ConfigOption<Integer> qos) {
        return builder()
                .broker(config.getOptional(MqttConnectionOptions.BROKER).orElse(null))
                .clientIdPrefix(config.get(clientIdPrefix))
                .qos(config.get(qos))
                .mqttVersion(config.get(MqttConnectionOptions.MQTT_VERSION))
                .credentials(
                        config.getOptional(MqttConnectionOptions.USERNAME).orElse(null),
                        config.getOptional(MqttConnectionOptions.PASSWORD).orElse(null))
                .clientCertificate(
                        config.getOptional(MqttConnectionOptions.CERTIFICATE).orElse(null),
                        config.getOptional(MqttConnectionOptions.PRIVATE_KEY).orElse(null))
                .caCertificate(
                        config.getOptional(MqttConnectionOptions.CA_CERTIFICATE).orElse(null));
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public boolean tls() {
        return tls;
    }

    public String clientIdPrefix() {
        return clientIdPrefix;
    }

    /**
     * The client id of session {@code index}: stable across restarts so the broker resumes its
     * session.
     */
    public String clientId(int index) {
        return clientIdPrefix + "-" + index;
    }

    public List<String> topics() {
        return topics;
    }

    /** The shared-subscription group, or null for plain subscriptions. */
    public String sharedGroup() {
        return sharedGroup;
    }

    /** The filters as subscribed: {@code $share/{group}/{filter}} when a shared group is set. */
    public List<String> subscriptionFilters() {
        List<String> out = new ArrayList<>(topics.size());
        for (String t : topics) {
            out.add(sharedGroup == null ? t : "$share/" + sharedGroup + "/" + t);
        }
        return out;
    }

    public int qos() {
        return qos;
    }

    public int mqttVersion() {
        return mqttVersion;
    }

    public Duration sessionExpiry() {
        return sessionExpiry;
    }

    public int receiveMaximum() {
        return receiveMaximum;
    }

    public String username() {
        return username;
    }

    /** The password (a secret: never log it). */
    public String password() {
        return password;
    }

    /** Client certificate chain: a file path or the PEM text. */
    public String certificate() {
        return certificate;
    }

    /** Client private key (a secret: never log it): a file path or the PEM text. */
    public String privateKey() {
        return privateKey;
    }

    /**
     * CA certificate(s) to trust: a file path or the PEM text; null trusts the JVM's default CAs.
     */
    public String caCertificate() {
        return caCertificate;
    }

    public Duration reconnectInitialDelay() {
        return reconnectInitialDelay;
    }

    public Duration reconnectMaxDelay() {
        return reconnectMaxDelay;
    }

    public Duration keepAlive() {
        return keepAlive;
    }

    /** The broker as {@code scheme://host:port} (no credentials). */
    public String brokerAddress() {
        return (tls ? "ssl://" : "tcp://") + host + ":" + port;
    }

    @Override
    public String toString() {
        return "MqttConnectionConfig{broker="
                + brokerAddress()
                + ", clientIdPrefix="
                + clientIdPrefix
                + ", subscriptions="
                + subscriptionFilters()
                + ", qos="
                + qos
                + ", mqtt="
                + mqttVersion
                + ", sessionExpiry="
                + sessionExpiry
                + ", receiveMaximum="
                + receiveMaximum
                + ", username="
                + (username == null ? "-" : username)
                + ", password="
                + (password == null ? "-" : "***")
                + ", certificate="
                + (certificate == null ? "-" : describe(certificate))
                + ", privateKey="
                + (privateKey == null ? "-" : "***")
                + ", ca="
                + (caCertificate == null ? "(JVM default)" : describe(caCertificate))
                + "}";
    }

    private static String describe(String fileOrPem) {
        return MqttTls.isPem(fileOrPem) ? "(PEM value)" : fileOrPem;
    }

    /** Builds a {@link MqttConnectionConfig}; {@link #build()} validates. */
    public static final class Builder {
        private String brokerUri;
        private String clientIdPrefix = MqttOptions.CLIENT_ID_PREFIX.defaultValue();
        private final List<String> topics = new ArrayList<>();
        private String sharedGroup;
        private int qos = MqttOptions.QOS.defaultValue();
        private int mqttVersion = MqttOptions.MQTT_VERSION.defaultValue();
        private Duration sessionExpiry = MqttOptions.SESSION_EXPIRY.defaultValue();
        private int receiveMaximum = MqttOptions.RECEIVE_MAXIMUM.defaultValue();
        private String username;
        private String password;
        private String certificate;
        private String privateKey;
        private String caCertificate;
        private Duration reconnectInitialDelay = MqttOptions.RECONNECT_INITIAL_DELAY.defaultValue();
        private Duration reconnectMaxDelay = MqttOptions.RECONNECT_MAX_DELAY.defaultValue();
        private Duration keepAlive = MqttOptions.KEEP_ALIVE.defaultValue();

        private Builder() {}

        /**
         * {@code tcp://host:1883}, {@code ssl://host:8883} (also {@code mqtt://}, {@code
         * mqtts://}).
         */
        public Builder broker(String uri) {
            this.brokerUri = uri;
            return this;
        }

        public Builder clientIdPrefix(String prefix) {
            this.clientIdPrefix = prefix;
            return this;
        }

        public Builder topics(List<String> filters) {
            this.topics.clear();
            for (String f : filters) {
                if (f != null && !f.isBlank()) {
                    this.topics.add(f.trim());
                }
            }
            return this;
        }

        /**
         * Subscribe as {@code $share/{group}/{filter}} (needed for parallelism > 1); null or blank:
         * plain.
         */
        public Builder sharedGroup(String group) {
            this.sharedGroup = group;
            return this;
        }

        public Builder qos(int qos) {
            this.qos = qos;
            return this;
        }

        public Builder mqttVersion(int version) {
            this.mqttVersion = version;
            return this;
        }

        public Builder sessionExpiry(Duration expiry) {
            this.sessionExpiry = expiry;
            return this;
        }

        public Builder receiveMaximum(int max) {
            this.receiveMaximum = max;
            return this;
        }

        public Builder credentials(String username, String password) {
            this.username = username;
            this.password = password;
            return this;
        }

        /**
         * Mutual TLS: the client certificate (chain) and its private key, each a file path or PEM
         * text.
         */
        public Builder clientCertificate(String certificate, String privateKey) {
            this.certificate = certificate;
            this.privateKey = privateKey;
            return this;
        }

        /**
         * The CA to trust (file path or PEM text); unset trusts the JVM's CAs (enough for AWS IoT
         * Core).
         */
        public Builder caCertificate(String ca) {
            this.caCertificate = ca;
            return this;
        }

        public Builder reconnectBackoff(Duration initial, Duration max) {
            this.reconnectInitialDelay = initial;
            this.reconnectMaxDelay = max;
            return this;
        }

        public Builder keepAlive(Duration keepAlive) {
            this.keepAlive = keepAlive;
            return this;
        }

        public MqttConnectionConfig build() {
            return new MqttConnectionConfig(this);
        }
    }
}
