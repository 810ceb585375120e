package io.fleetlake.connectors.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetlake.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509KeyManager;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the PEM forms AWS IoT Core and openssl hand out, from files and from property values. */
class MqttTlsTest {

    @TempDir Path dir;

    @Test
    void readsRsaKeysInPkcs1AndPkcs8AndEcKeysInSec1() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair r = rsa.generateKeyPair();
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair e = ec.generateKeyPair();

        String pkcs1 = TestCertificates.pem(r.getPrivate());
        assertThat(pkcs1).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(MqttTls.privateKey(pkcs1)).isEqualTo(r.getPrivate());

        String pkcs8 =
                "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder().encodeToString(r.getPrivate().getEncoded())
                        + "\n-----END PRIVATE KEY-----\n";
        assertThat(MqttTls.privateKey(pkcs8)).isEqualTo(r.getPrivate());

        // SEC1 as openssl writes it: the curve named in [0] parameters, preceded by an EC
        // PARAMETERS block.
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(e.getPrivate().getEncoded());
        org.bouncycastle.asn1.sec.ECPrivateKey inner =
                org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
        byte[] sec1 =
                new org.bouncycastle.asn1.sec.ECPrivateKey(
                                256, inner.getKey(), info.getPrivateKeyAlgorithm().getParameters())
                        .getEncoded();
        PrivateKey ecKey =
                MqttTls.privateKey(
                        "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n"
                                + "-----END EC PARAMETERS-----\n-----BEGIN EC PRIVATE KEY-----\n"
                                + Base64.getMimeEncoder().encodeToString(sec1)
                                + "\n-----END EC PRIVATE KEY-----\n");
        assertThat(ecKey.getAlgorithm()).isEqualTo("EC");
        assertThat(((java.security.interfaces.ECPrivateKey) ecKey).getS())
                .isEqualTo(((java.security.interfaces.ECPrivateKey) e.getPrivate()).getS());

        // Without the curve there is nothing to go on: the error says how to convert the key.
        String noCurve = TestCertificates.pem(e.getPrivate());
        assertThatThrownBy(() -> MqttTls.privateKey(noCurve)).hasMessageContaining("openssl pkcs8");
    }

    @Test
    void keyManagersFromFilesOrPemValuesPresentTheClientCertificate() throws Exception {
        TestCertificates certs = TestCertificates.create(dir);
        KeyManagerFactory fromFiles =
                MqttTls.keyManagers(
                        certs.clientCertPem().toString(), certs.clientKeyPem().toString());
        KeyManagerFactory fromValues =
                MqttTls.keyManagers(
                        Files.readString(certs.clientCertPem()),
                        Files.readString(certs.clientKeyPem()));
        for (KeyManagerFactory kmf : new KeyManagerFactory[] {fromFiles, fromValues}) {
            X509KeyManager km = (X509KeyManager) kmf.getKeyManagers()[0];
            assertThat(km.getCertificateChain("client")[0].getSubjectX500Principal().getName())
                    .isEqualTo("CN=iotfleet_device");
        }
        assertThat(MqttTls.trustManagers(Files.readString(certs.caPem())).getTrustManagers())
                .isNotEmpty();
    }

    @Test
    void errorsNameTheSettingButNeverTheKey() {
        assertThatThrownBy(() -> MqttTls.keyManagers(dir.resolve("missing.pem").toString(), "x"))
                .hasMessageContaining("certificate file")
                .hasMessageContaining("missing.pem");
        String encrypted =
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nU0VDUkVU\n-----END ENCRYPTED PRIVATE KEY-----\n";
        assertThatThrownBy(() -> MqttTls.privateKey(encrypted))
                .hasMessageContaining("encrypted")
                .hasMessageNotContaining("U0VDUkVU");
        assertThatThrownBy(
                        () ->
                                MqttTls.privateKey(
                                        "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"))
                .hasMessageContaining("not an RSA, EC or Ed25519 key");
    }
}
