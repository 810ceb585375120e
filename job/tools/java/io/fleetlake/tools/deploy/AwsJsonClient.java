package io.fleetlake.tools.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * A client for an AWS service that speaks the AWS JSON 1.1 protocol ({@code X-Amz-Target:
 * Prefix.Operation}, a JSON body, SigV4): Managed Service for Apache Flink ({@code
 * kinesisanalyticsv2}) and CloudWatch Logs. Maven Central serves no {@code kinesisanalyticsv2}
 * module of the AWS SDK v2 here (and no {@code cloudwatchlogs} at the pinned SDK version), so the
 * deploy command builds its requests as the API reference documents them, signed by the SDK's own
 * SigV4 signer with credentials from the SDK's default chain, over its URL-connection client.
 */
final class AwsJsonClient {
    static final ObjectMapper JSON = new ObjectMapper();

    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final URI endpoint;
    private final String signingName;
    private final String region;
    private final String targetPrefix;

    AwsJsonClient(
            SdkHttpClient http,
            AwsCredentialsProvider credentials,
            URI endpoint,
            String signingName,
            String region,
            String targetPrefix) {
        this.http = http;
        this.credentials = credentials;
        this.endpoint = endpoint;
        this.signingName = signingName;
        this.region = region;
        this.targetPrefix = targetPrefix;
    }

    /** The service's regional endpoint unless {@code override} is set. */
    static URI endpoint(String override, String host, String region) {
        return URI.create(
                override != null ? override : "https://" + host + "." + region + ".amazonaws.com");
    }

    /** A new request body. */
    static ObjectNode body() {
        return JSON.createObjectNode();
    }

    /**
     * Calls {@code operation}; returns the response document or throws {@link AwsServiceException}
     * with the service's error type and message.
     */
    JsonNode call(String operation, JsonNode request) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(request);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        SdkHttpFullRequest unsigned =
                SdkHttpFullRequest.builder()
                        .uri(endpoint)
                        .method(SdkHttpMethod.POST)
                        .putHeader("Content-Type", "application/x-amz-json-1.1")
                        .putHeader("X-Amz-Target", targetPrefix + "." + operation)
                        .build();
        SignedRequest signed =
                AwsV4HttpSigner.create()
                        .sign(
                                r ->
                                        r.identity(credentials.resolveCredentials())
                                                .request(unsigned)
                                                .payload(ContentStreamProvider.fromByteArray(body))
                                                .putProperty(
                                                        AwsV4HttpSigner.SERVICE_SIGNING_NAME,
                                                        signingName)
                                                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        try {
            HttpExecuteResponse response =
                    http.prepareRequest(
                                    HttpExecuteRequest.builder()
                                            .request(signed.request())
                                            .contentStreamProvider(signed.payload().orElse(null))
                                            .build())
                            .call();
            String text = "";
            if (response.responseBody().isPresent()) {
                try (InputStream in = response.responseBody().get()) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            int status = response.httpResponse().statusCode();
            JsonNode doc = parse(text);
            if (status / 100 != 2) {
                throw AwsServiceException.of(operation, status, doc, text);
            }
            return doc;
        } catch (IOException e) {
            throw new AwsServiceException(
                    operation,
                    0,
                    "ConnectionError",
                    endpoint + ": " + e.getMessage() + " (is the endpoint right?)");
        }
    }

    private static JsonNode parse(String text) {
        if (text.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return JSON.createObjectNode().put("message", text);
        }
    }

    /** An error answer of an AWS JSON service, with its {@code __type} and message. */
    static final class AwsServiceException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String operation;
        final int status;
        final String type;

        AwsServiceException(String operation, int status, String type, String message) {
            super(operation + ": " + type + ": " + message);
            this.operation = operation;
            this.status = status;
            this.type = type;
        }

        static AwsServiceException of(String operation, int status, JsonNode doc, String text) {
            String type = doc.path("__type").asText("");
            int hash = type.lastIndexOf('#');
            type = hash >= 0 ? type.substring(hash + 1) : type;
            String message = doc.path("message").asText(doc.path("Message").asText(text));
            if (message.trim().startsWith("<")) {
                // Not an AWS error document (moto answers an operation it lacks with an HTML 500).
                message =
                        message.contains("Internal Server Error")
                                ? "Internal Server Error (HTML answer, not an AWS error)"
                                : "an HTML answer, not an AWS error";
            }
            if (type.isEmpty()) {
                type = "HTTP " + status;
            }
            return new AwsServiceException(operation, status, type, message.trim());
        }

        /**
         * Whether the server does not implement the operation: moto raises NotImplementedError,
         * which its server answers with an HTML 500 page (its log names the action). Only asked
         * when an endpoint override is set.
         */
        boolean notImplemented() {
            String m = String.valueOf(getMessage()).toLowerCase(java.util.Locale.ROOT);
            return m.contains("not been implemented")
                    || m.contains("not implemented")
                    || type.equals("UnknownOperationException")
                    || m.contains("html answer")
                    || status == 404;
        }
    }
}
