package io.fleetlake.testing;

import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway PKI minted per test run with BouncyCastle: a CA, a broker certificate for
 * 127.0.0.1/localhost, and a device (client) certificate, as AWS IoT Core's mutual TLS uses.
 * Written as PEM files (what a device or the job gets) and PKCS#12 stores (what the broker reads).
 */
public final class TestCertificates {
    public static final String STORE_PASSWORD = "changeit";

    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** Creates the CA, server and client certificates under {@code dir}. */
    public static TestCertificates create(Path dir) throws Exception {
        Files.createDirectories(dir);
        KeyPair ca = rsa();
        X509Certificate caCert =
                sign(
                        "CN=Fleetlake Test CA",
                        ca,
                        "CN=Fleetlake Test CA",
                        ca.getPrivate(),
                        true,
                        false);
        KeyPair server = rsa();
        X509Certificate serverCert =
                sign("CN=localhost", server, "CN=Fleetlake Test CA", ca.getPrivate(), false, true);
        KeyPair client = rsa();
        X509Certificate clientCert =
                sign(
                        "CN=iotfleet_device",
                        client,
                        "CN=Fleetlake Test CA",
                        ca.getPrivate(),
                        false,
                        false);

        TestCertificates c = new TestCertificates(dir);
        Files.writeString(c.caPem(), pem(caCert));
        Files.writeString(c.clientCertPem(), pem(clientCert));
        // PKCS#1 "RSA PRIVATE KEY", the form AWS IoT Core hands out with a device certificate.
        Files.writeString(c.clientKeyPem(), pem(client.getPrivate()));

        KeyStore serverStore = KeyStore.getInstance("JKS");
        serverStore.load(null, null);
        serverStore.setKeyEntry(
                "server",
                server.getPrivate(),
                STORE_PASSWORD.toCharArray(),
                new Certificate[] {serverCert, caCert});
        try (OutputStream out = Files.newOutputStream(c.serverKeyStore())) {
            serverStore.store(out, STORE_PASSWORD.toCharArray());
        }
        KeyStore trust = KeyStore.getInstance("JKS");
        trust.load(null, null);
        trust.setCertificateEntry("ca", caCert);
        try (OutputStream out = Files.newOutputStream(c.trustStore())) {
            trust.store(out, STORE_PASSWORD.toCharArray());
        }
        return c;
    }

    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    public Path clientCertPem() {
        return dir.resolve("device.pem.crt");
    }

    public Path clientKeyPem() {
        return dir.resolve("device.private.pem.key");
    }

    public Path serverKeyStore() {
        return dir.resolve("server.jks");
    }

    public Path trustStore() {
        return dir.resolve("trust.jks");
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    private static X509Certificate sign(
            String subject,
            KeyPair subjectKeys,
            String issuer,
            PrivateKey issuerKey,
            boolean ca,
            boolean server)
            throws Exception {
        long now = System.currentTimeMillis();
        JcaX509v3CertificateBuilder b =
                new JcaX509v3CertificateBuilder(
                        new X500Name(issuer),
                        BigInteger.valueOf(now)
                                .add(BigInteger.valueOf(subject.hashCode() & 0xffff)),
                        new Date(now - 3_600_000L),
                        new Date(now + 86_400_000L),
                        new X500Name(subject),
                        subjectKeys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (ca) {
            b.addExtension(
                    Extension.keyUsage,
                    true,
                    new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            b.addExtension(
                    Extension.keyUsage,
                    true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        }
        if (server) {
            b.addExtension(
                    Extension.subjectAlternativeName,
                    false,
                    new GeneralNames(
                            new GeneralName[] {
                                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                                new GeneralName(GeneralName.dNSName, "localhost")
                            }));
        }
        return new JcaX509CertificateConverter()
                .getCertificate(
                        b.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey)));
    }

    /**
     * PEM text of a certificate or key (keys in the traditional OpenSSL form: PKCS#1 RSA, SEC1 EC).
     */
    public static String pem(Object o) throws Exception {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(s)) {
            w.writeObject(o);
        }
        return s.toString();
    }
}
