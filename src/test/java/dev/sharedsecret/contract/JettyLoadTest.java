package dev.sharedsecret.contract;

import java.nio.file.Path;

/** The load contract against Jetty 12 {@code ServletContextHandler}, the gate registered in code with the builder. */
class JettyLoadTest extends LoadContract {
    @Override
    Deployment startGate(Path secretFile) throws Exception {
        return HardeningDeployments.jettyCode(HardeningFixture.gateFilter(secretFile));
    }
}
