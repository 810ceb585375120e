package io.fleetlake.connectors.timestream;

import java.util.Optional;
import java.util.Set;
import org.apache.flink.connector.base.sink.throwable.FatalExceptionClassifier;
import org.apache.flink.util.ExceptionUtils;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.timestreamwrite.model.AccessDeniedException;
import software.amazon.awssdk.services.timestreamwrite.model.RejectedRecordsException;
import software.amazon.awssdk.services.timestreamwrite.model.ResourceNotFoundException;
import software.amazon.awssdk.services.timestreamwrite.model.ValidationException;

/**
 * Sorts a failed {@code WriteRecords} call into what the sink does next, following
 * flink-connector-aws's pattern: a chain of {@link FatalExceptionClassifier}s recognises errors
 * that retrying cannot fix (missing database or table, denied access, bad or missing credentials,
 * endpoint discovery misconfigured) and maps them to an exception with a clear message that fails
 * the job; a {@link ValidationException} is about the records sent (the sink splits the batch to
 * find the bad one); everything else - throttling, 5xx, network errors, timeouts, stale discovered
 * endpoints - is retried with back-off.
 *
 * <p>Messages carry the service's error code and message and the database/table, never request
 * contents or credentials.
 */
final class TimestreamExceptionClassifier {
    /** What to do with a failed call. */
    enum Action {
        /** Retrying cannot help: fail the job with the mapped exception. */
        FATAL,
        /**
         * The request was refused because of its records: split the batch, reject a single bad
         * record.
         */
        VALIDATION,
        /** Some records were rejected, the rest written: handle each rejection. */
        REJECTED_RECORDS,
        /** Transient: retry with back-off. */
        RETRY
    }

    private static final Set<String> AUTH_ERROR_CODES =
            Set.of(
                    "UnrecognizedClientException",
                    "InvalidSignatureException",
                    "MissingAuthenticationTokenException",
                    "MissingAuthenticationToken",
                    "InvalidClientTokenId",
                    "IncompleteSignature",
                    "AccessDeniedException",
                    "SignatureDoesNotMatch");

    private final FatalExceptionClassifier fatal;

    TimestreamExceptionClassifier(String database, String table) {
        String target = "Timestream table '" + database + "." + table + "'";
        this.fatal =
                FatalExceptionClassifier.createChain(
                        FatalExceptionClassifier.withRootCauseOfType(
                                ResourceNotFoundException.class,
                                e ->
                                        new TimestreamSinkException(
                                                target
                                                        + " does not exist (or its database does not): "
                                                        + serviceMessage(e)
                                                        + ". Create it, or fix Timestream.database / Timestream.table.",
                                                e)),
                        FatalExceptionClassifier.withRootCauseOfType(
                                AccessDeniedException.class,
                                e ->
                                        new TimestreamSinkException(
                                                "access denied writing to "
                                                        + target
                                                        + ": "
                                                        + serviceMessage(e)
                                                        + ". The role needs timestream:WriteRecords on the table and "
                                                        + "timestream:DescribeEndpoints.",
                                                e)),
                        new FatalExceptionClassifier(
                                TimestreamExceptionClassifier::isAuthError,
                                e ->
                                        new TimestreamSinkException(
                                                "Timestream did not accept the credentials for "
                                                        + target
                                                        + ": "
                                                        + serviceMessage(e),
                                                e)),
                        new FatalExceptionClassifier(
                                TimestreamExceptionClassifier::isConfigurationError,
                                e ->
                                        new TimestreamSinkException(
                                                "cannot call Timestream for "
                                                        + target
                                                        + ": "
                                                        + serviceMessage(e),
                                                e)));
    }

    /**
     * Classifies {@code error}; for {@link Action#FATAL} the exception to fail with is passed to
     * the consumer.
     */
    Action classify(Throwable error, java.util.function.Consumer<Exception> onFatal) {
        if (ExceptionUtils.findThrowable(error, RejectedRecordsException.class).isPresent()) {
            return Action.REJECTED_RECORDS;
        }
        if (ExceptionUtils.findThrowable(error, ValidationException.class).isPresent()) {
            return Action.VALIDATION;
        }
        // FatalExceptionClassifier.isFatal returns false when fatal (it reports through the
        // consumer).
        if (!fatal.isFatal(error, onFatal)) {
            return Action.FATAL;
        }
        return Action.RETRY;
    }

    private static boolean isAuthError(Throwable t) {
        Optional<AwsServiceException> e =
                ExceptionUtils.findThrowable(t, AwsServiceException.class);
        if (e.isEmpty()) {
            return false;
        }
        String code =
                e.get().awsErrorDetails() == null ? null : e.get().awsErrorDetails().errorCode();
        return (code != null && AUTH_ERROR_CODES.contains(code)) || e.get().statusCode() == 403;
    }

    private static boolean isConfigurationError(Throwable t) {
        Optional<SdkClientException> e = ExceptionUtils.findThrowable(t, SdkClientException.class);
        if (e.isEmpty() || e.get().getMessage() == null) {
            return false;
        }
        String m = e.get().getMessage();
        return m.contains("Unable to load credentials")
                || m.contains("requires endpoint discovery")
                || m.contains("Unable to load region");
    }

    /** The service's error code and message (no request data), or the exception's own message. */
    static String serviceMessage(Throwable t) {
        Optional<AwsServiceException> e =
                ExceptionUtils.findThrowable(t, AwsServiceException.class);
        if (e.isPresent() && e.get().awsErrorDetails() != null) {
            return e.get().awsErrorDetails().errorCode()
                    + " (HTTP "
                    + e.get().statusCode()
                    + "): "
                    + e.get().awsErrorDetails().errorMessage();
        }
        Throwable root = ExceptionUtils.stripCompletionException(t);
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
