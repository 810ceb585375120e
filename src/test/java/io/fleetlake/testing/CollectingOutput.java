package io.fleetlake.testing;

import io.fleetlake.job.decode.MessageOutput;
import io.fleetlake.job.model.Breadcrumb;
import io.fleetlake.job.model.DeadLetter;
import io.fleetlake.job.model.Reading;
import java.util.ArrayList;
import java.util.List;

/** Collects what the normalizer produced, for unit tests. */
public final class CollectingOutput implements MessageOutput {
    public final List<Reading> readings = new ArrayList<>();
    public final List<Breadcrumb> breadcrumbs = new ArrayList<>();
    public final List<DeadLetter> deadLetters = new ArrayList<>();

    @Override
    public void reading(Reading reading) {
        readings.add(reading);
    }

    @Override
    public void breadcrumb(Breadcrumb breadcrumb) {
        breadcrumbs.add(breadcrumb);
    }

    @Override
    public void deadLetter(DeadLetter deadLetter) {
        deadLetters.add(deadLetter);
    }
}
