package io.fleetlake.connectors.mqtt;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS material for mutual X.509 authentication (AWS IoT Core on port 8883) from PEM, given either
 * as a file path or as the PEM text itself (for runtimes without a file system to ship certificates
 * on, such as Managed Service for Apache Flink). Plain JDK: private keys in PKCS#8 ({@code BEGIN
 * PRIVATE KEY}), PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}, what AWS IoT Core hands out) and SEC1
 * EC ({@code BEGIN EC PRIVATE KEY}).
 *
 * <p>Error messages name the setting, never the key material.
 */
public final class MqttTls {
    private static final Pattern PEM_BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final char[] NO_PASSWORD = new char[0];

    private MqttTls() {}

    /** True when the value is PEM text rather than a file path. */
    public static boolean isPem(String fileOrPem) {
        return fileOrPem != null && fileOrPem.contains("-----BEGIN ");
    }

    /** Key managers presenting the client certificate chain with its private key. */
    public static KeyManagerFactory keyManagers(String certificate, String privateKey)
            throws IOException, GeneralSecurityException {
        List<Certificate> chain = certificates(read(certificate, "certificate"), "certificate");
        PrivateKey key = privateKey(read(privateKey, "private-key"));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("client", key, NO_PASSWORD, chain.toArray(new Certificate[0]));
        KeyManagerFactory kmf =
                KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, NO_PASSWORD);
        return kmf;
    }

    /** Trust managers trusting exactly the given CA certificate(s). */
    public static TrustManagerFactory trustManagers(String caCertificate)
            throws IOException, GeneralSecurityException {
        List<Certificate> cas =
                certificates(read(caCertificate, "ca-certificate"), "ca-certificate");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        for (int i = 0; i < cas.size(); i++) {
            store.setCertificateEntry("ca-" + i, cas.get(i));
        }
        TrustManagerFactory tmf =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return tmf;
    }

    static String read(String fileOrPem, String setting) throws IOException {
        if (isPem(fileOrPem)) {
            return fileOrPem;
        }
        try {
            return new String(
                    Files.readAllBytes(Paths.get(fileOrPem.trim())), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IOException(
                    "mqtt: cannot read " + setting + " file '" + fileOrPem.trim() + "': " + e, e);
        }
    }

    static List<Certificate> certificates(String pem, String setting)
            throws GeneralSecurityException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        Collection<? extends Certificate> certs =
                cf.generateCertificates(
                        new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        if (certs.isEmpty()) {
            throw new GeneralSecurityException("mqtt: no certificate in " + setting);
        }
        return new ArrayList<>(certs);
    }

    static PrivateKey privateKey(String pem) throws GeneralSecurityException {
        Matcher m = PEM_BLOCK.matcher(pem);
        while (m.find()) {
            String type = m.group(1);
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(m.group(2).trim());
            } catch (IllegalArgumentException e) {
                throw new GeneralSecurityException(
                        "mqtt: private-key: the " + type + " block is not valid base64");
            }
            switch (type) {
                case "PRIVATE KEY":
                    return pkcs8(der);
                case "RSA PRIVATE KEY":
                    // PKCS#1 RSAPrivateKey inside a PKCS#8 PrivateKeyInfo with the rsaEncryption
                    // algorithm.
                    return pkcs8(
                            sequence(
                                    INT_ZERO,
                                    sequence(oid(RSA_ENCRYPTION), NULL),
                                    octetString(der)));
                case "EC PRIVATE KEY":
                    // SEC1 ECPrivateKey names its curve in [0]; PKCS#8 wants it in the algorithm
                    // identifier.
                    byte[] curve = sec1Curve(der);
                    return pkcs8(
                            sequence(
                                    INT_ZERO,
                                    sequence(oid(EC_PUBLIC_KEY), curve),
                                    octetString(der)));
                case "ENCRYPTED PRIVATE KEY":
                    throw new GeneralSecurityException(
                            "mqtt: private-key is encrypted; give it unencrypted "
                                    + "(openssl pkcs8 -topk8 -nocrypt) and protect it as a secret instead");
                default:
                    // e.g. EC PARAMETERS ahead of the key: skip.
            }
        }
        throw new GeneralSecurityException("mqtt: private-key holds no PEM private key block");
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new GeneralSecurityException("mqtt: private-key is not an RSA, EC or Ed25519 key");
    }

    // ---- minimal DER, enough to rewrap PKCS#1 and SEC1 keys as PKCS#8 ----

    private static final byte[] INT_ZERO = {0x02, 0x01, 0x00};
    private static final byte[] NULL = {0x05, 0x00};

    /** 1.2.840.113549.1.1.1 */
    private static final byte[] RSA_ENCRYPTION = {
        0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01
    };

    /** 1.2.840.10045.2.1 */
    private static final byte[] EC_PUBLIC_KEY = {
        0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01
    };

    private static byte[] oid(byte[] body) {
        return tlv(0x06, body);
    }

    private static byte[] octetString(byte[] body) {
        return tlv(0x04, body);
    }

    private static byte[] sequence(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p, 0, p.length);
        }
        return tlv(0x30, out.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 6);
        out.write(tag);
        int len = body.length;
        if (len < 0x80) {
            out.write(len);
        } else {
            int bytes = len > 0xFFFFFF ? 4 : len > 0xFFFF ? 3 : len > 0xFF ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write((len >>> (8 * i)) & 0xFF);
            }
        }
        out.write(body, 0, body.length);
        return out.toByteArray();
    }

    /** The curve OID element (tag, length, value) from a SEC1 ECPrivateKey's [0] parameters. */
    static byte[] sec1Curve(byte[] der) throws GeneralSecurityException {
        int[] seq = header(der, 0);
        if (der[0] != 0x30) {
            throw new GeneralSecurityException("mqtt: private-key: EC key is not a DER sequence");
        }
        int pos = seq[0];
        int end = seq[0] + seq[1];
        while (pos < end) {
            int tag = der[pos] & 0xFF;
            int[] h = header(der, pos);
            if (tag == 0xA0) {
                int inner = h[0];
                int[] oidHeader = header(der, inner);
                return Arrays.copyOfRange(der, inner, oidHeader[0] + oidHeader[1]);
            }
            pos = h[0] + h[1];
        }
        throw new GeneralSecurityException(
                "mqtt: private-key: EC key does not name its curve; convert it with "
                        + "'openssl pkcs8 -topk8 -nocrypt'");
    }

    /** {start of value, length of value} of the element at {@code pos}. */
    private static int[] header(byte[] der, int pos) throws GeneralSecurityException {
        if (pos + 2 > der.length) {
            throw new GeneralSecurityException("mqtt: private-key: truncated DER");
        }
        int len = der[pos + 1] & 0xFF;
        int start = pos + 2;
        if (len >= 0x80) {
            int n = len & 0x7F;
            if (n > 4 || start + n > der.length) {
                throw new GeneralSecurityException("mqtt: private-key: bad DER length");
            }
            len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | (der[start + i] & 0xFF);
            }
            start += n;
        }
        if (start + len > der.length) {
            throw new GeneralSecurityException("mqtt: private-key: truncated DER");
        }
        return new int[] {start, len};
    }
}
