package io.fleetlake.connectors.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class MqttConnectionConfigTest {

    @Test
    void parsesBrokerUrisWithDefaultPorts() {
        MqttConnectionConfig plain =
                MqttConnectionConfig.builder().broker("tcp://broker.local").build();
        assertThat(plain.tls()).isFalse();
        assertThat(plain.port()).isEqualTo(1883);
        MqttConnectionConfig aws =
                MqttConnectionConfig.builder()
                        .broker("ssl://abc123-ats.iot.eu-west-1.amazonaws.com")
                        .build();
        assertThat(aws.tls()).isTrue();
        assertThat(aws.port()).isEqualTo(8883);
        assertThat(aws.host()).isEqualTo("abc123-ats.iot.eu-west-1.amazonaws.com");
        assertThat(MqttConnectionConfig.builder().broker("mqtts://h:9999").build().port())
                .isEqualTo(9999);
        assertThatThrownBy(() -> MqttConnectionConfig.builder().broker("http://h:80").build())
                .hasMessageContaining("tcp://host:1883");
    }

    @Test
    void sharedGroupPrefixesEveryFilterAndClientIdsAreStablePerIndex() {
        MqttConnectionConfig c =
                MqttConnectionConfig.builder()
                        .broker("tcp://h")
                        .clientIdPrefix("fl")
                        .sharedGroup("grp")
                        .topics(List.of("$aws/things/+/shadow/update/documents", " dt/# ", ""))
                        .build();
        assertThat(c.topics()).containsExactly("$aws/things/+/shadow/update/documents", "dt/#");
        assertThat(c.subscriptionFilters())
                .containsExactly(
                        "$share/grp/$aws/things/+/shadow/update/documents", "$share/grp/dt/#");
        assertThat(c.clientId(3)).isEqualTo("fl-3");
        MqttConnectionConfig plain =
                MqttConnectionConfig.builder()
                        .broker("tcp://h")
                        .sharedGroup(" ")
                        .topics(List.of("dt/#"))
                        .build();
        assertThat(plain.subscriptionFilters()).containsExactly("dt/#");
    }

    @Test
    void rejectsInconsistentSettings() {
        assertThatThrownBy(
                        () ->
                                MqttConnectionConfig.builder()
                                        .broker("tcp://h")
                                        .receiveMaximum(0)
                                        .build())
                .hasMessageContaining("receive-maximum");
        assertThatThrownBy(
                        () ->
                                MqttConnectionConfig.builder()
                                        .broker("tcp://h")
                                        .mqttVersion(4)
                                        .build())
                .hasMessageContaining("mqtt-version");
        assertThatThrownBy(
                        () ->
                                MqttConnectionConfig.builder()
                                        .broker("ssl://h")
                                        .clientCertificate("c.pem", null)
                                        .build())
                .hasMessageContaining("private key");
        assertThatThrownBy(
                        () ->
                                MqttConnectionConfig.builder()
                                        .broker("tcp://h")
                                        .caCertificate("ca.pem")
                                        .build())
                .hasMessageContaining("ssl://");
        assertThatThrownBy(
                        () ->
                                MqttConnectionConfig.builder()
                                        .broker("tcp://h")
                                        .topics(List.of("$share/g/x"))
                                        .build())
                .hasMessageContaining("shared-group");
        assertThatThrownBy(
                        () ->
                                MqttConnectionConfig.builder()
                                        .broker("tcp://h")
                                        .reconnectBackoff(
                                                Duration.ofSeconds(5), Duration.ofSeconds(1))
                                        .build())
                .hasMessageContaining("reconnect");
        assertThatThrownBy(
                        () ->
                                MqttSourceFactory.source(
                                        MqttConnectionConfig.builder().broker("tcp://h").build(),
                                        null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void toStringNeverShowsSecrets() {
        String key =
                "-----BEGIN RSA PRIVATE KEY-----\nTOPSECRETKEYMATERIAL\n-----END RSA PRIVATE KEY-----\n";
        MqttConnectionConfig c =
                MqttConnectionConfig.builder()
                        .broker("ssl://h:8883")
                        .credentials("fleet", "hunter2-password")
                        .clientCertificate(
                                "-----BEGIN CERTIFICATE-----\nCERTBODY\n-----END CERTIFICATE-----\n",
                                key)
                        .caCertificate("/etc/ca.pem")
                        .build();
        String s = c.toString();
        assertThat(s)
                .doesNotContain("hunter2")
                .doesNotContain("TOPSECRET")
                .doesNotContain("CERTBODY");
        assertThat(s)
                .contains("username=fleet")
                .contains("password=***")
                .contains("privateKey=***")
                .contains("certificate=(PEM value)")
                .contains("ca=/etc/ca.pem");
    }

    @Test
    void fromConfigurationUsesTheOptionDefaults() {
        MqttConnectionConfig c =
                MqttConnectionConfig.fromConfiguration(
                        Configuration.fromMap(
                                Map.of("broker", "tcp://127.0.0.1:1883", "qos", "0")));
        assertThat(c.qos()).isZero();
        assertThat(c.topics()).isEqualTo(MqttOptions.TOPICS.defaultValue());
        assertThat(c.sharedGroup()).isEqualTo(MqttOptions.SHARED_GROUP.defaultValue());
        assertThat(c.clientId(0)).isEqualTo(MqttOptions.CLIENT_ID_PREFIX.defaultValue() + "-0");
        assertThat(c.sessionExpiry()).isEqualTo(MqttOptions.SESSION_EXPIRY.defaultValue());
        assertThat(c.receiveMaximum()).isEqualTo(MqttOptions.RECEIVE_MAXIMUM.defaultValue());
        assertThatThrownBy(
                        () ->
                                MqttConnectionConfig.fromConfiguration(
                                        Configuration.fromMap(
                                                Map.of(
                                                        "broker",
                                                        "tcp://h:1883",
                                                        "mqtt-version",
                                                        "4"))))
                .hasMessageContaining("mqtt-version");
    }
}
