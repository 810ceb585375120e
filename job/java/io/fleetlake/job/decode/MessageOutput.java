package io.fleetlake.job.decode;

import io.fleetlake.job.model.Breadcrumb;
import io.fleetlake.job.model.DeadLetter;
import io.fleetlake.job.model.Reading;

/**
 * Where the normalizer puts what it made of a message: the operator's outputs, or a list in a test.
 */
public interface MessageOutput {
    void reading(Reading reading);

    void breadcrumb(Breadcrumb breadcrumb);

    void deadLetter(DeadLetter deadLetter);
}
