/**
 * Local tooling around the job: the {@code ./fleetlake} launcher, producers, bench, dashboard and
 * generators. Compiled from its own source root ({@code job/tools/java}) and left out of the
 * deployable (MSF) jar; the job and the connectors never import it. Static resources of the tools
 * live under {@code job/tools/resources/fleetlake-tools/}.
 */
package io.fleetlake.tools;
