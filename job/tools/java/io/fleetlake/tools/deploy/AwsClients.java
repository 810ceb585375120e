package io.fleetlake.tools.deploy;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The AWS clients of the deploy commands: one region, the SDK's default credential chain, the
 * URL-connection HTTP client, and one endpoint override for every service ({@code --endpoint-url},
 * a local stand-in such as moto).
 */
final class AwsClients implements AutoCloseable {
    final String region;
    final String endpoint;
    final S3Client s3;
    final IamClient iam;
    final StsClient sts;
    final AwsJsonClient msf;
    final AwsJsonClient logs;
    private final SdkHttpClient http;

    AwsClients(String region, String endpoint) {
        this.region = resolveRegion(region, endpoint);
        this.endpoint = endpoint;
        this.http = UrlConnectionHttpClient.create();
        AwsCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
        URI override = endpoint == null ? null : URI.create(endpoint);
        Region r = Region.of(this.region);
        s3 =
                configure(
                        S3Client.builder().forcePathStyle(override != null),
                        r,
                        credentials,
                        override);
        // IAM is global: its SigV4 scope is us-east-1 in the aws partition.
        iam = configure(IamClient.builder(), Region.AWS_GLOBAL, credentials, override);
        sts = configure(StsClient.builder(), r, credentials, override);
        msf =
                new AwsJsonClient(
                        http,
                        credentials,
                        AwsJsonClient.endpoint(endpoint, "kinesisanalytics", this.region),
                        "kinesisanalytics",
                        this.region,
                        "KinesisAnalytics_20180523");
        logs =
                new AwsJsonClient(
                        http,
                        credentials,
                        AwsJsonClient.endpoint(endpoint, "logs", this.region),
                        "logs",
                        this.region,
                        "Logs_20140328");
    }

    private <
                    B extends
                            software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>
                                    & software.amazon.awssdk.awscore.client.builder
                                                    .AwsSyncClientBuilder<
                                            B, C>,
                    C>
            C configure(
                    B builder, Region region, AwsCredentialsProvider credentials, URI override) {
        builder.region(region).credentialsProvider(credentials).httpClient(http);
        if (override != null) {
            builder.endpointOverride(override);
        }
        return builder.build();
    }

    /**
     * {@code --region}, else the SDK's chain (AWS_REGION, profile), else us-east-1 for a stand-in.
     */
    static String resolveRegion(String region, String endpoint) {
        if (region != null && !region.isBlank()) {
            return region;
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion().id();
        } catch (RuntimeException e) {
            if (endpoint != null) {
                return "us-east-1";
            }
            throw new IllegalArgumentException(
                    "no AWS region: pass --region (e.g. --region eu-west-1) or set AWS_REGION");
        }
    }

    @Override
    public void close() {
        s3.close();
        iam.close();
        sts.close();
        http.close();
    }
}
